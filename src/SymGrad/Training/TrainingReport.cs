namespace SymGrad;

/// <summary>The outcome of <see cref="Sgd.Train(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>: one report per epoch.</summary>
public sealed class TrainingReport
{
    internal TrainingReport(EpochReport[] history) => History = history;

    /// <summary>The report of every epoch, in order.</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>The report of the last epoch, whose accuracies are always measured.</summary>
    public EpochReport Final => History[^1];
}
