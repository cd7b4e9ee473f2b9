namespace SymGrad;

/// <summary>
/// <see cref="Evaluation.Measure{TLoss}(IModel, Dataset)"/> on a training run's threads: each computes the scores of every
/// T-th run of <see cref="Evaluation.BatchRows"/> rows (the same <c>ForwardBatch</c> calls as one thread makes), and the
/// training thread tallies them in order, so accuracy and loss have one thread's bits. The scores buffer is the run's,
/// made at the first measurement.
/// </summary>
internal sealed class PooledMeasure<TLoss> where TLoss : ILoss
{
    private readonly IModel _model;
    private readonly Action<int> _work;
    private double[] _scores = [];
    private Dataset? _data;

    public PooledMeasure(IModel model) => (_model, _work) = (model, Work);

    /// <summary>The run's threads; until set, or with one thread, the measurement runs on the caller alone.</summary>
    public MinibatchGradients? Threads { get; set; }

    public (double Accuracy, double MeanLoss) Measure(Dataset data)
    {
        if (Threads is not { MaxThreads: > 1 } threads || !data.IsContiguous || data.Count < 2 * Evaluation.BatchRows)
            return Evaluation.Measure<TLoss>(_model, data);
        if (_scores.Length < data.Count) _scores = new double[data.Count];
        _data = data;
        threads.Pool.Run(_work);
        int correct = 0;
        double sum = 0;
        Evaluation.Tally<TLoss>(_scores.AsSpan(0, data.Count), data.Targets, ref correct, ref sum);
        return ((double)correct / data.Count, sum / data.Count);
    }

    private void Work(int thread)
    {
        var data = _data!;
        int threads = Threads!.MaxThreads, rows = Evaluation.BatchRows;
        for (int first = thread * rows; first < data.Count; first += threads * rows)
        {
            int count = Math.Min(rows, data.Count - first);
            _model.ForwardBatch(data.InputRows(first, count), _scores.AsSpan(first, count));
        }
    }
}
