namespace SymGrad;

/// <summary>
/// The run-time hyperparameters of <see cref="Sgd"/>. Each property checks its value when set, so options that
/// exist are valid; an invalid value throws <see cref="ArgumentOutOfRangeException"/> naming the property.
/// </summary>
public sealed record SgdOptions
{
    /// <summary>The initial learning rate η₀; positive and finite. Default 0.05.</summary>
    public double LearningRate
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "The learning rate must be positive and finite.");
    } = 0.05;

    /// <summary>
    /// The decay d of the learning rate: epoch e (counted from 0) uses η₀ / (1 + d·e). Zero (the default) keeps it constant.
    /// </summary>
    public double LearningRateDecay
    {
        get;
        init => field = value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(LearningRateDecay), value, "The learning-rate decay must be non-negative and finite.");
    }

    /// <summary>The number of passes over the training data; at least 1. Default 100.</summary>
    public int Epochs
    {
        get;
        init => field = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(Epochs), value, "There must be at least one epoch.");
    } = 100;

    /// <summary>
    /// Examples per update; at least 1 (1 is plain SGD). An update steps along the mean gradient of its minibatch.
    /// Default 1.
    /// </summary>
    public int BatchSize
    {
        get;
        init => field = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "The batch size must be at least 1.");
    } = 1;

    /// <summary>
    /// The L2 regularisation λ ≥ 0: each update also subtracts η·λ·θ from the blocks chosen by <see cref="L2Scope"/>,
    /// the gradient of (λ/2)‖θ‖². Default 0.
    /// </summary>
    public double L2
    {
        get;
        init => field = value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(L2), value, "The L2 regularisation must be non-negative and finite.");
    }

    /// <summary>Which blocks <see cref="L2"/> applies to; by default matrices only, so biases are not decayed.</summary>
    public L2Scope L2Scope
    {
        get;
        init => field = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(L2Scope), value, "Unknown L2 scope.");
    }

    /// <summary>Seeds the shuffle of every epoch: same seed, data and starting θ give bit-identical parameters. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Measure training and validation accuracy every this many epochs (and always after the last); other epochs
    /// report NaN. Measuring costs one forward pass over the data. At least 1; default 1.
    /// </summary>
    public int EvaluateEvery
    {
        get;
        init => field = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(EvaluateEvery), value, "Evaluation must happen at least every epoch count of 1 or more.");
    } = 1;

    /// <summary>The learning rate of <paramref name="epoch"/> (counted from 1) under the decay schedule.</summary>
    public double LearningRateAt(int epoch) => LearningRate / (1 + LearningRateDecay * (epoch - 1));
}
