using System.Runtime.ExceptionServices;

namespace SymGrad;

/// <summary>
/// Threads that stay alive for one training run and run a piece of work, numbered by thread, whenever the
/// training thread asks: thread 0 is the caller, 1…n−1 are helpers that wait on their own semaphore in between.
/// Unlike <c>Parallel.For</c>, a round allocates nothing, so a minibatch can use them. Every wait is on a
/// <see cref="SemaphoreSlim"/>, which makes its lock object when it is constructed: a <c>CountdownEvent</c> makes its
/// event's lock lazily, 24 bytes on the training thread the first time a round makes it block rather than spin (about
/// one run in ten of a few epochs), which would break training's promise of no allocation after the first epoch.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _helpers;
    private readonly SemaphoreSlim[] _go;
    private readonly SemaphoreSlim _finished = new(0);
    private Action<int> _work = _ => { };
    private ExceptionDispatchInfo? _failure;
    private volatile bool _stopping;

    /// <param name="threads">Threads in all, the caller included; at least 2.</param>
    public WorkerPool(int threads)
    {
        _go = new SemaphoreSlim[threads - 1];
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

    /// <summary>
    /// Runs <paramref name="work"/> (given the thread's number, 0 on the caller) on every thread and returns when all are
    /// done; rethrows the first exception a thread threw.
    /// </summary>
    public void Run(Action<int> work)
    {
        // Read by the helpers after their semaphore's release, which orders this write before it.
        _work = work;
        _failure = null;
        foreach (var go in _go) go.Release();
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
            // The helpers still use the run's buffers until they signal: never leave before all have.
            for (int t = 0; t < _helpers.Length; t++) _finished.Wait();
        }
        _failure?.Throw();
    }

    private void Loop(object? number)
    {
        int thread = (int)number!;
        var go = _go[thread - 1];
        ThreadScratch.ReleasesOnExit();
        while (true)
        {
            go.Wait();
            if (_stopping)
            {
                // This thread's scratch (generated models' workspaces, GEMM packs) for the next run's helpers.
                ThreadScratch.Release();
                return;
            }
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
                _finished.Release();
            }
        }
    }

    private void Record(Exception e) => Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);

    /// <summary>Stops and joins the helpers.</summary>
    public void Dispose()
    {
        _stopping = true;
        foreach (var go in _go) go.Release();
        foreach (var helper in _helpers) helper.Join();
        foreach (var go in _go) go.Dispose();
        _finished.Dispose();
    }
}
