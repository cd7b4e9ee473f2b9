namespace SymGrad;

/// <summary>
/// A training run's measurement of a data set on the run's measuring threads (<see cref="MinibatchGradients.MeasurePool"/>):
/// the examples are cut into blocks of whole scoring runs, each thread scores every T-th block and writes each example's
/// loss and verdict, and the training thread then adds the losses in example order, so accuracy and loss have one
/// thread's bits (<see cref="Measurement.Alone"/>) whatever the number of threads. With one thread, or too little work to
/// wake another, it is <see cref="Measurement.Alone"/> itself. Its buffers are made by <see cref="Prepare"/>, before the
/// first epoch.
/// </summary>
internal sealed class PooledMeasure<T, TKind> where T : unmanaged where TKind : struct, IMeasureKind<T>
{
    /// <summary>About how many examples a thread takes at a time, in whole runs: threads scoring one example per run then do not write the same cache lines.</summary>
    private const int BlockRows = Evaluation.BatchRows;

    private TKind _kind;
    private readonly int _parameterCount;
    private readonly Action<int> _work;
    private MinibatchGradients? _threads;
    private T[][] _runScores = [];
    private double[] _losses = [];
    private bool[] _right = [];
    private Dataset? _data;
    private int _roundThreads;

    /// <param name="kind">The model kind; <see cref="Prepare"/> reserves its buffers for the threads that will measure.</param>
    /// <param name="parameterCount">The model's parameters, for the work a measurement is.</param>
    public PooledMeasure(TKind kind, int parameterCount) => (_kind, _parameterCount, _work) = (kind, parameterCount, Work);

    /// <summary>
    /// Binds the run's threads and makes every buffer the measurements of a run with <paramref name="options"/> need (of
    /// <paramref name="train"/> unless <see cref="SgdOptions.MeasureTraining"/> is false, and of
    /// <paramref name="validation"/>); what is left for the start of the run (<see cref="MinibatchGradients.StartMeasuring"/>)
    /// is starting the measuring threads and, when the first measurement comes after the first epoch, having each thread
    /// score one run of each set, which sizes the model's and the products' per-thread workspaces (and, for a set of
    /// separate row arrays, the thread's gather buffer, <see cref="MeasuredRows"/>): no epoch then allocates. A run that
    /// measures only once keeps to one thread: starting a thread costs about as much as it saves there (docs/training.md,
    /// "What measuring costs").
    /// </summary>
    public void Prepare(MinibatchGradients threads, SgdOptions options, Dataset train, Dataset? validation)
    {
        // Every EvaluateEvery-th epoch, and the last.
        int measurements = options.Epochs / options.EvaluateEvery + (options.Epochs % options.EvaluateEvery == 0 ? 0 : 1);
        _threads = measurements >= 2 ? threads : null;
        int largest = 0, rows = 1;
        var measured = new List<Dataset>();
        foreach (var data in (ReadOnlySpan<Dataset?>)[options.MeasureTraining ? train : null, validation])
            if (data is not null)
            {
                measured.Add(data);
                rows = Math.Max(rows, _kind.RunRows(data));
                if (Threads(data) > 1) largest = Math.Max(largest, data.Count);
            }
        int buffers = largest > 0 ? threads.MeasureThreads : 1;
        _kind.Reserve(buffers);
        _runScores = new T[buffers][];
        for (int t = 0; t < buffers; t++) _runScores[t] = new T[rows * _kind.Outputs];
        if (largest > 0) (_losses, _right) = (new double[largest], new bool[largest]);
        bool warm = Math.Min(options.EvaluateEvery, options.Epochs) > 1; // the first measurement comes after epoch 1
        if (largest > 0 || warm) threads.BeforeMeasuring = () => BeforeFirstEpoch(warm ? measured : []);
    }

    /// <summary>Starts the measuring threads, then has each score the first run of each set in <paramref name="warm"/>.</summary>
    private void BeforeFirstEpoch(List<Dataset> warm)
    {
        if (_losses.Length > 0) _ = _threads!.MeasurePool;
        foreach (var data in warm)
        {
            (_data, _roundThreads) = (data, Threads(data));
            if (_roundThreads == 1) ScoreFirstRun(0);
            else _threads!.MeasurePool.Run(ScoreFirstRun);
        }
        _data = null;
    }

    private void ScoreFirstRun(int thread)
    {
        if (thread >= _roundThreads) return;
        int count = Math.Min(_kind.RunRows(_data!), _data!.Count);
        _kind.Score(_data, 0, _runScores[thread].AsSpan(0, count * _kind.Outputs), thread);
    }

    public (double Accuracy, double MeanLoss) Measure(Dataset data)
    {
        int threads = Threads(data);
        if (threads == 1) return Measurement.Alone<T, TKind>(ref _kind, data, _runScores[0]);
        (_data, _roundThreads) = (data, threads);
        try
        {
            _threads!.MeasurePool.Run(_work);
        }
        catch (Exception)
        {
            // A kind that refuses an example (a class model's NaN score) throws on whichever thread met it first; the
            // one-thread measurement throws for the first such example in order, as a run on one thread would.
            return Measurement.Alone<T, TKind>(ref _kind, data, _runScores[0]);
        }
        finally
        {
            _data = null;
        }
        int correct = 0;
        double sum = 0;
        for (int i = 0; i < data.Count; i++)
        {
            sum += _losses[i];
            if (_right[i]) correct++;
        }
        return ((double)correct / data.Count, sum / data.Count);
    }

    /// <summary>How many threads a measurement of <paramref name="data"/> uses: more than one only with two blocks or more and 2²¹ parameter–row products.</summary>
    private int Threads(Dataset data)
    {
        if (_threads is not { MeasureThreads: > 1 } pool || (long)_parameterCount * data.Count < MinibatchGradients.ParallelWork) return 1;
        int blocks = (data.Count + Block(data) - 1) / Block(data);
        return blocks < 2 ? 1 : Math.Min(pool.MeasureThreads, blocks);
    }

    private int Block(Dataset data)
    {
        int rows = _kind.RunRows(data);
        return rows * Math.Max(1, BlockRows / rows);
    }

    private void Work(int thread)
    {
        if (thread >= _roundThreads) return; // a pool of more threads than this data set has blocks
        var data = _data!;
        int rows = _kind.RunRows(data), block = Block(data), outputs = _kind.Outputs;
        var runScores = _runScores[thread].AsSpan();
        for (int start = thread * block; start < data.Count; start += _roundThreads * block)
            for (int first = start, end = Math.Min(start + block, data.Count); first < end; first += rows)
            {
                int count = Math.Min(rows, end - first);
                var scores = runScores[..(count * outputs)];
                _kind.Score(data, first, scores, thread);
                for (int k = 0; k < count; k++)
                {
                    int correct = 0;
                    _losses[first + k] = _kind.Example(data, first + k, scores.Slice(k * outputs, outputs), ref correct);
                    _right[first + k] = correct == 1;
                }
            }
    }
}
