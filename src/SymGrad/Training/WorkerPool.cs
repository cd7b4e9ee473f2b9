using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace SymGrad;

/// <summary>
/// Threads that stay alive for one training run and run the same piece of work, numbered by thread, whenever the
/// training thread asks: thread 0 is the caller, 1…n−1 are helpers. Unlike <c>Parallel.For</c>, a round allocates
/// nothing, so a minibatch can use them.
/// </summary>
/// <remarks>
/// Rounds follow each other within tens of microseconds (a minibatch's gradient round, its reduction round, then the
/// step), so a thread that waits first spins for up to <see cref="SpinMicroseconds"/> on the round counter or the count of
/// unfinished helpers, and only then blocks on a <see cref="SemaphoreSlim"/>: waking a blocked thread costs tens of
/// microseconds per round on this VM, which two rounds per minibatch paid every step. A flag per sleeper, swapped with
/// <see cref="Interlocked.Exchange(ref int, int)"/> by both sides, decides who releases the semaphore, so no wake-up is
/// lost or doubled. Every wait is on a <see cref="SemaphoreSlim"/>, which makes its lock object when it is constructed: a
/// <c>CountdownEvent</c> (as here before) made its event's lock lazily, 24 bytes on the training thread the first time a
/// round made it block.
/// </remarks>
internal sealed class WorkerPool : IDisposable
{
    /// <summary>How long a waiting thread spins before it blocks: longer than a step of the mnist-shaped model.</summary>
    private const int SpinMicroseconds = 100;

    private static readonly long SpinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;

    private readonly Thread[] _helpers;
    private readonly SemaphoreSlim[] _go;
    private readonly int[] _helperAsleep;
    private readonly SemaphoreSlim _finished = new(0);
    private readonly Action<int> _work;
    private ExceptionDispatchInfo? _failure;
    private volatile bool _stopping;
    private long _round;
    private int _unfinished;
    private int _callerAsleep;

    /// <param name="threads">Threads in all, the caller included; at least 2.</param>
    /// <param name="work">What each thread does in a round, given its number (0 on the caller).</param>
    public WorkerPool(int threads, Action<int> work)
    {
        _work = work;
        _go = new SemaphoreSlim[threads - 1];
        _helperAsleep = new int[threads - 1];
        _helpers = new Thread[threads - 1];
        for (int t = 0; t < _helpers.Length; t++)
        {
            _go[t] = new SemaphoreSlim(0);
            _helpers[t] = new Thread(Loop) { IsBackground = true, Name = $"SymGrad training worker {t + 1}" };
            _helpers[t].Start(t + 1);
        }
    }

    /// <summary>Threads in all, the caller included.</summary>
    public int Threads => _helpers.Length + 1;

    /// <summary>Runs one round on every thread and returns when all are done; rethrows the first exception a thread threw.</summary>
    public void Run()
    {
        _failure = null;
        Volatile.Write(ref _unfinished, _helpers.Length);
        Interlocked.Increment(ref _round);
        WakeHelpers();
        try
        {
            _work(0);
        }
        catch (Exception e)
        {
            Record(e);
        }
        finally
        {
            // The helpers still use the run's buffers until they are done: never leave before all are.
            WaitForHelpers();
        }
        _failure?.Throw();
    }

    private void WakeHelpers()
    {
        for (int t = 0; t < _go.Length; t++)
            if (Interlocked.Exchange(ref _helperAsleep[t], 0) == 1) _go[t].Release();
    }

    private void WaitForHelpers()
    {
        if (SpinUntilFinished()) return;
        Interlocked.Exchange(ref _callerAsleep, 1);
        // If the last helper finished meanwhile and did not take the flag, take it back and go on; else it releases.
        if (Volatile.Read(ref _unfinished) == 0 && Interlocked.Exchange(ref _callerAsleep, 0) == 1) return;
        _finished.Wait();
    }

    private void Loop(object? number)
    {
        int thread = (int)number!;
        long seen = 0;
        while (true)
        {
            WaitForRound(thread, seen);
            seen = Volatile.Read(ref _round);
            if (_stopping) return;
            try
            {
                _work(thread);
            }
            catch (Exception e)
            {
                Record(e);
            }
            finally
            {
                if (Interlocked.Decrement(ref _unfinished) == 0 && Interlocked.Exchange(ref _callerAsleep, 0) == 1) _finished.Release();
            }
        }
    }

    /// <summary>Returns once the round counter has moved past <paramref name="seen"/>.</summary>
    private void WaitForRound(int thread, long seen)
    {
        if (Volatile.Read(ref _round) != seen || SpinUntilRound(seen)) return;
        int slot = thread - 1;
        Interlocked.Exchange(ref _helperAsleep[slot], 1);
        // A round that started meanwhile either saw the flag (and releases) or did not (take the flag back and go on).
        if (Volatile.Read(ref _round) != seen && Interlocked.Exchange(ref _helperAsleep[slot], 0) == 1) return;
        _go[slot].Wait();
    }

    /// <summary>Spins until the round counter moves past <paramref name="seen"/>, or <see cref="SpinMicroseconds"/> pass.</summary>
    private bool SpinUntilRound(long seen)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        var spinner = new SpinWait();
        while (Volatile.Read(ref _round) == seen)
        {
            if (Stopwatch.GetTimestamp() > deadline) return false;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    /// <summary>Spins until every helper has finished the round, or <see cref="SpinMicroseconds"/> pass.</summary>
    private bool SpinUntilFinished()
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        var spinner = new SpinWait();
        while (Volatile.Read(ref _unfinished) != 0)
        {
            if (Stopwatch.GetTimestamp() > deadline) return false;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    private void Record(Exception e) => Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);

    /// <summary>Stops and joins the helpers.</summary>
    public void Dispose()
    {
        _stopping = true;
        Interlocked.Increment(ref _round);
        WakeHelpers();
        foreach (var helper in _helpers) helper.Join();
        foreach (var go in _go) go.Dispose();
        _finished.Dispose();
    }
}
