namespace SymGrad.Training.Tests.Support;

/// <summary>
/// An <see cref="IModel"/> that forwards to another and records how training calls its <c>GradientBatch</c>: the rows of
/// each call, the threads that made them, and the bytes each thread allocated from one of its calls to the next once
/// <see cref="Armed"/>, summed per <see cref="Window"/>. Recording allocates nothing. With <c>perExample</c> its <c>GradientBatch</c> adds the examples'
/// gradients one by one, whatever the inner model's own does.
/// </summary>
public sealed class RecordingModel(IModel inner, bool perExample = false) : ForwardingModel(inner)
{
    [ThreadStatic] private static RecordingModel? t_owner;
    [ThreadStatic] private static long t_lastBytes;

    private readonly int[] _rows = new int[100_000];
    private readonly int[] _threads = new int[100_000];
    private int _calls;
    private readonly long[] _allocated = new long[64];

    /// <summary>While true, bytes a thread allocates between two of its calls are added to the current window's count.</summary>
    public volatile bool Armed;

    /// <summary>The window (for example the epoch) that allocations are counted in; 0 to 63.</summary>
    public volatile int Window;

    /// <summary>The bytes allocated between calls, on all threads, in each window so far.</summary>
    public long AllocatedBetweenCalls(int window) => Interlocked.Read(ref _allocated[window]);

    /// <summary>The rows of every <c>GradientBatch</c> call so far, in the order they were recorded.</summary>
    public int[] Rows => _rows[..Math.Min(_calls, _rows.Length)];

    /// <summary>How many different threads have called <c>GradientBatch</c>.</summary>
    public int Threads => _threads[..Math.Min(_calls, _threads.Length)].Distinct().Count();

    public void Reset()
    {
        _calls = 0;
        Array.Clear(_allocated);
    }

    public override double GradientBatch<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient)
    {
        long now = GC.GetAllocatedBytesForCurrentThread();
        if (t_owner == this && Armed) Interlocked.Add(ref _allocated[Window], now - t_lastBytes);
        (t_owner, t_lastBytes) = (this, now);
        int call = Interlocked.Increment(ref _calls) - 1;
        if (call < _rows.Length)
        {
            _rows[call] = targets.Length;
            _threads[call] = Environment.CurrentManagedThreadId;
        }
        double loss = 0;
        if (perExample)
            for (int i = 0; i < targets.Length; i++) loss += Inner.Gradient<TLoss>(inputs.Slice(i * InputLength, InputLength), targets[i], gradient);
        else
            loss = Inner.GradientBatch<TLoss>(inputs, targets, gradient);
        return loss;
    }

    public override IModel Clone() => new RecordingModel(Inner.Clone(), perExample);
}
