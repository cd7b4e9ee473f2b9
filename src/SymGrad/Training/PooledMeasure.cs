namespace SymGrad;

/// <summary>
/// A training run's measurement of a data set (accuracy and mean loss in one forward pass) on the run's measuring
/// threads (<see cref="MinibatchGradients.MeasurePool"/>): each thread computes the scores of every T-th run of
/// <see cref="RunRows"/> examples, the same <c>ForwardBatch</c> calls one thread makes, and the training thread then
/// tallies them all in example order, so accuracy and loss have one thread's bits whatever the number of threads. With
/// one thread, or too little work to wake another, it is the model kind's own one-thread measurement. The scores buffer
/// is the measure's, made at the first pooled measurement.
/// </summary>
/// <typeparam name="T">The model's element type, that of its scores.</typeparam>
internal abstract class PooledMeasure<T>(int parameterCount, int outputs) where T : unmanaged
{
    private Action<int>? _work;
    private T[] _scores = [];
    private Dataset? _data;
    private int _threads;

    /// <summary>The run's threads; until set, the measurement runs on the caller alone.</summary>
    public MinibatchGradients? Threads { get; set; }

    /// <summary>Scores per example: 1 for a scalar model, the classes for a vector one.</summary>
    protected int Outputs => outputs;

    /// <summary>How many examples of <paramref name="data"/> one scoring call takes.</summary>
    protected abstract int RunRows(Dataset data);

    /// <summary>Writes the scores of <paramref name="count"/> examples from <paramref name="first"/> on into <paramref name="scores"/>, on thread <paramref name="thread"/> (0: the training thread).</summary>
    protected abstract void Score(Dataset data, int first, int count, int thread, Span<T> scores);

    /// <summary>Counts the right ones and adds the losses of the examples from <paramref name="first"/> on whose scores are <paramref name="scores"/>, in order.</summary>
    protected abstract void Tally(Dataset data, int first, ReadOnlySpan<T> scores, ref int correct, ref double sum);

    /// <summary>The kind's own one-thread measurement.</summary>
    protected abstract (double Accuracy, double MeanLoss) MeasureAlone(Dataset data);

    public (double Accuracy, double MeanLoss) Measure(Dataset data)
    {
        int rows = RunRows(data), runs = (data.Count + rows - 1) / rows;
        int threads = Threads is { MeasureThreads: > 1 } pool && runs >= 2 && (long)parameterCount * data.Count >= MinibatchGradients.ParallelWork
            ? Math.Min(pool.MeasureThreads, runs) : 1;
        if (threads == 1) return MeasureAlone(data);
        if (_scores.Length < data.Count * outputs) _scores = new T[data.Count * outputs];
        (_data, _threads) = (data, threads);
        Threads!.MeasurePool.Run(_work ??= Work);
        _data = null;
        int correct = 0;
        double sum = 0;
        Tally(data, 0, _scores.AsSpan(0, data.Count * outputs), ref correct, ref sum);
        return ((double)correct / data.Count, sum / data.Count);
    }

    private void Work(int thread)
    {
        if (thread >= _threads) return; // a pool of more threads than this data set has runs
        var data = _data!;
        int rows = RunRows(data);
        for (int first = thread * rows; first < data.Count; first += _threads * rows)
        {
            int count = Math.Min(rows, data.Count - first);
            Score(data, first, count, thread, _scores.AsSpan(first * outputs, count * outputs));
        }
    }
}
