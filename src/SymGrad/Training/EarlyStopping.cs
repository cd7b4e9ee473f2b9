namespace SymGrad;

/// <summary>Which validation measurement <see cref="EarlyStopping"/> watches.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>The mean validation loss; lower is better.</summary>
    ValidationLoss,

    /// <summary>The validation accuracy; higher is better.</summary>
    ValidationAccuracy,
}

/// <summary>
/// Stops training when the validation metric has not improved for <see cref="Patience"/> measurements (one every
/// <see cref="SgdOptions.EvaluateEvery"/> epochs), and in any case leaves the model with the θ of the best measured epoch.
/// Needs a validation set.
/// </summary>
public sealed record EarlyStopping
{
    /// <summary>Measurements without improvement after which training stops; at least 1.</summary>
    public required int Patience
    {
        get;
        init => field = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(Patience), value, "The patience must be at least one measurement.");
    }

    /// <summary>The metric watched. Default the validation loss.</summary>
    public EarlyStoppingMetric Metric
    {
        get;
        init => field = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Metric), value, "Unknown early-stopping metric.");
    }

    /// <summary>How much better than the best so far a measurement must be to count as an improvement; ≥ 0. Default 0.</summary>
    public double MinDelta
    {
        get;
        init => field = value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(MinDelta), value, "The minimum improvement must be non-negative and finite.");
    }

    /// <summary>Whether <paramref name="value"/> improves on <paramref name="best"/> (NaN never does).</summary>
    internal bool Improves(double value, double best) => Metric == EarlyStoppingMetric.ValidationLoss
        ? value < best - MinDelta
        : value > best + MinDelta;

    /// <summary>The starting "best", which any finite measurement improves.</summary>
    internal double Worst => Metric == EarlyStoppingMetric.ValidationLoss ? double.PositiveInfinity : double.NegativeInfinity;
}
