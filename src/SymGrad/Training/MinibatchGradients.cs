using System.Numerics.Tensors;

namespace SymGrad;

/// <summary>
/// Sums a minibatch's gradients for the training loop, on one thread or several, with a result that does not depend on
/// how many: a minibatch of B ≥ 2·<see cref="ChunkRows"/> examples is cut into ⌊B / <see cref="ChunkRows"/>⌋ (at most
/// <see cref="MaxChunks"/>) contiguous chunks, fixed by B alone; each chunk's gradient is summed into a buffer of its own,
/// on whichever thread, and the training thread then adds the buffers in chunk order. Within a chunk, pieces of at most
/// <see cref="PieceRows"/> examples are gathered into contiguous rows and passed to the model's <c>GradientBatch</c>;
/// one example (batch size 1) goes straight to its <c>Gradient</c>.
/// </summary>
/// <remarks>
/// One round of the threads per minibatch. <see cref="Accumulate"/> then sums the chunks on the training thread, which
/// steps next: a reduction split over the threads in a round of its own cost a second wake-up per minibatch
/// (docs/benchmarks.md, "Two-thread training: one round per minibatch"). <see cref="SplitStep"/> instead runs the
/// split sum and the step in the gradients' round, after a barrier (<see cref="Prepare"/>, <see cref="Work"/>,
/// <see cref="Reduce(int, int)"/>).
/// </remarks>
internal sealed class MinibatchGradients : IDisposable
{
    /// <summary>The most examples one <c>GradientBatch</c> call takes: bounds each thread's gather buffer.</summary>
    public const int PieceRows = 128;

    /// <summary>The fewest examples in a chunk.</summary>
    public const int ChunkRows = 128;

    /// <summary>The most chunks a minibatch is cut into, so the most threads one minibatch uses.</summary>
    public const int MaxChunks = 8;

    /// <summary>Below this many parameter–example products a minibatch (or a measurement) is worth less than waking a thread.</summary>
    internal const long ParallelWork = 1L << 21;

    private readonly GradientSource _source;
    private readonly int _parameterCount;
    private readonly int _maxThreads;
    private readonly int _pieceRows;
    private readonly BatchScratch[] _scratch;
    private readonly AlignedBuffer<double>[] _chunkGradients;
    private readonly double[] _chunkLosses;
    private readonly Action<int> _work;
    private WorkerPool? _pool, _measurePool;

    // The minibatch of the current round, for the pool's threads.
    private int[] _order = [];
    private int _first, _rows, _chunks, _threads;
    private AlignedBuffer<double> _gradient;

    /// <param name="source">The training data's gradients.</param>
    /// <param name="parameterCount">The length of θ.</param>
    /// <param name="batchSize">The largest minibatch.</param>
    /// <param name="inputLength">The length of an input row.</param>
    /// <param name="maxDegreeOfParallelism">At most this many threads (−1: one per processor).</param>
    public MinibatchGradients(GradientSource source, int parameterCount, int batchSize, int inputLength, int maxDegreeOfParallelism)
    {
        (_source, _parameterCount) = (source, parameterCount);
        int chunks = Chunks(batchSize);
        int degree = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        _maxThreads = (long)parameterCount * batchSize < ParallelWork ? 1 : Math.Min(chunks, degree);
        MeasureThreads = Math.Clamp(degree, 1, MaxChunks);
        _pieceRows = Math.Min(PieceRows, (batchSize + chunks - 1) / chunks);
        _scratch = new BatchScratch[batchSize == 1 ? 0 : _maxThreads];
        for (int t = 0; t < _scratch.Length; t++) _scratch[t] = source.CreateScratch(_pieceRows, inputLength);
        _chunkGradients = new AlignedBuffer<double>[chunks - 1];
        for (int c = 0; c < _chunkGradients.Length; c++) _chunkGradients[c] = AlignedBuffer<double>.Rent(parameterCount);
        _chunkLosses = new double[chunks];
        _work = Work;
    }

    /// <summary>The training thread's gather buffer (minibatches of two or more rows).</summary>
    public BatchScratch FirstScratch => _scratch[0];

    /// <summary>How many chunks a minibatch of <paramref name="rows"/> examples is cut into.</summary>
    public static int Chunks(int rows) => Math.Clamp(rows / ChunkRows, 1, MaxChunks);

    /// <summary>
    /// Adds the summed gradient of the examples <c>order[first .. first + rows)</c> into <paramref name="gradient"/>
    /// and returns the sum of their losses.
    /// </summary>
    public double Accumulate(int[] order, int first, int rows, AlignedBuffer<double> gradient)
    {
        if (rows == 1 || Chunks(rows) == 1)
        {
            _source.BeginStep();
            return rows == 1 ? _source.Example(order[first], gradient.Span) : Pieces(order.AsSpan(first, rows), _scratch[0], gradient.Span);
        }
        Prepare(order, first, rows, gradient);
        if (_threads == 1) Work(0);
        else Pool.Run(_work);
        Reduce();
        return Loss;
    }

    /// <summary>The threads of this run, the training thread included: <see cref="Pool"/>'s, once made.</summary>
    public int MaxThreads => _maxThreads;

    /// <summary>Whether a minibatch of <paramref name="rows"/> examples runs on all <see cref="MaxThreads"/> threads.</summary>
    public bool UsesAllThreads(int rows) =>
        _maxThreads > 1 && (long)_parameterCount * rows >= ParallelWork && Chunks(rows) >= _maxThreads;

    /// <summary>The run's helper threads, started on first use.</summary>
    public WorkerPool Pool => _pool ??= new WorkerPool(_maxThreads);

    /// <summary>
    /// The most threads a measurement of a data set uses (<see cref="PooledMeasure{T, TKind}"/>): the run's degree of parallelism,
    /// at most <see cref="MaxChunks"/>, whatever the minibatch size: a measurement's forward passes are independent runs of
    /// rows, so even a run whose minibatches use one thread measures on all of them.
    /// </summary>
    public int MeasureThreads { get; }

    /// <summary>The threads of a measurement (at least two): <see cref="Pool"/> when it has <see cref="MeasureThreads"/>, else a pool of their own, started on first use.</summary>
    public WorkerPool MeasurePool => MeasureThreads == _maxThreads ? Pool : _measurePool ??= new WorkerPool(MeasureThreads);

    /// <summary>What the run's measurement does before the first epoch (<see cref="PooledMeasure{T, TKind}.Prepare"/>): start its threads, size their workspaces.</summary>
    public Action? BeforeMeasuring { get; set; }

    /// <summary>
    /// Runs <see cref="BeforeMeasuring"/> at the start of the run: an epoch that did it would allocate. Not when the run
    /// is made, since a run that fails to load its checkpoint never starts, so would never stop the threads.
    /// </summary>
    public void StartMeasuring() => BeforeMeasuring?.Invoke();

    /// <summary>
    /// Begins a step and sets the minibatch of the next <see cref="Work"/> round (at least two chunks), whose chunk 0 is
    /// summed into <paramref name="gradient"/>; the caller runs the round and sums the chunks, as <see cref="Accumulate"/> does.
    /// </summary>
    public void Prepare(int[] order, int first, int rows, AlignedBuffer<double> gradient)
    {
        _source.BeginStep();
        int chunks = Chunks(rows);
        (_order, _first, _rows, _chunks, _gradient) = (order, first, rows, chunks, gradient);
        _threads = (long)_parameterCount * rows < ParallelWork ? 1 : Math.Min(_maxThreads, chunks);
    }

    /// <summary>The prepared minibatch's loss, summed in chunk order, once its round is done.</summary>
    public double Loss
    {
        get
        {
            double loss = 0;
            for (int c = 0; c < _chunks; c++) loss += _chunkLosses[c];
            return loss;
        }
    }

    /// <summary>One thread's share of a round: the gradients of chunks <paramref name="thread"/>, + threads, ….</summary>
    public void Work(int thread)
    {
        if (thread >= _threads) return; // a pool of more threads than this minibatch has chunks
        for (int c = thread; c < _chunks; c += _threads)
        {
            int start = Start(c, _chunks, _rows), end = Start(c + 1, _chunks, _rows);
            var sum = c == 0 ? _gradient.Span : _chunkGradients[c - 1].Span;
            // Cleared by the thread that fills it, where the reduction only read it: its lines stay in this core's cache.
            if (c > 0) sum.Clear();
            _chunkLosses[c] = Pieces(_order.AsSpan(_first + start, end - start), _scratch[thread], sum);
        }
    }

    /// <summary>Adds chunks 1… into chunk 0's buffer, in chunk order.</summary>
    private void Reduce() => Reduce(0, _parameterCount);

    /// <summary>
    /// Adds entries <c>[start, start + length)</c> of chunks 1… into chunk 0's buffer, in chunk order, a tile of θ at a time
    /// (the tile stays in L1): each entry's sum is the same whichever range it is summed in.
    /// </summary>
    public void Reduce(int start, int length)
    {
        const int Tile = 512;
        var gradient = _gradient.Span;
        for (int tile = start, end = start + length; tile < end; tile += Tile)
        {
            var sum = gradient.Slice(tile, Math.Min(Tile, end - tile));
            for (int c = 1; c < _chunks; c++) TensorPrimitives.Add(sum, _chunkGradients[c - 1].Span.Slice(tile, sum.Length), sum);
        }
    }

    /// <summary>Sums the examples of <paramref name="indices"/> in near-equal pieces of at most the scratch's rows, in order.</summary>
    private double Pieces(ReadOnlySpan<int> indices, BatchScratch scratch, Span<double> gradient)
    {
        int pieces = (indices.Length + _pieceRows - 1) / _pieceRows;
        double loss = 0;
        for (int p = 0; p < pieces; p++)
        {
            int start = Start(p, pieces, indices.Length), end = Start(p + 1, pieces, indices.Length);
            loss += _source.Batch(indices[start..end], scratch, gradient);
        }
        return loss;
    }

    /// <summary>Where part <paramref name="part"/> of <paramref name="parts"/> near-equal parts of <paramref name="count"/> items starts.</summary>
    private static int Start(int part, int parts, int count) => (int)((long)part * count / parts);

    /// <summary>Stops the helper threads, if any were started, and gives the buffers back for the next run.</summary>
    public void Dispose()
    {
        _pool?.Dispose();
        _measurePool?.Dispose();
        (_pool, _measurePool) = (null, null);
        foreach (var scratch in _scratch) scratch.Return();
        foreach (var buffer in _chunkGradients) buffer.Return();
    }
}
