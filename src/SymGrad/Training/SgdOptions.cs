using static SymGrad.Setting;

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
        init => field = Checked(value, value > 0 && double.IsFinite(value), nameof(LearningRate), "The learning rate must be positive and finite.");
    } = 0.05;

    /// <summary>
    /// The decay d of the learning rate: epoch e (counted from 1) uses η₀ / (1 + d·(e − 1)). Zero (the default) keeps it
    /// constant. A shorthand for <see cref="Schedule"/> = <see cref="InverseDecaySchedule"/>; set one or the other.
    /// </summary>
    public double LearningRateDecay
    {
        get;
        init => field = Checked(value, value >= 0 && double.IsFinite(value), nameof(LearningRateDecay), "The learning-rate decay must be non-negative and finite.");
    }

    /// <summary>The number of passes over the training data; at least 1. Default 100.</summary>
    public int Epochs
    {
        get;
        init => field = Checked(value, value >= 1, nameof(Epochs), "There must be at least one epoch.");
    } = 100;

    /// <summary>
    /// Examples per update; at least 1 (1 is plain SGD). An update steps along the mean gradient of its minibatch.
    /// Default 1.
    /// </summary>
    public int BatchSize
    {
        get;
        init => field = Checked(value, value >= 1, nameof(BatchSize), "The batch size must be at least 1.");
    } = 1;

    /// <summary>
    /// The L2 regularisation λ ≥ 0: each step adds λ·θ, the gradient of (λ/2)‖θ‖², to the gradient of the blocks chosen
    /// by <see cref="L2Scope"/> (so plain SGD also subtracts η·λ·θ). Default 0.
    /// </summary>
    public double L2
    {
        get;
        init => field = Checked(value, value >= 0 && double.IsFinite(value), nameof(L2), "The L2 regularisation must be non-negative and finite.");
    }

    /// <summary>
    /// Which blocks <see cref="L2"/> and <see cref="AdamWOptimizer.WeightDecay"/> apply to; by default matrices only, so
    /// biases are not decayed.
    /// </summary>
    public L2Scope L2Scope
    {
        get;
        init => field = Checked(value, Enum.IsDefined(value), nameof(L2Scope), "Unknown L2 scope.");
    }

    /// <summary>Seeds the shuffle of every epoch: same seed, data and starting θ give bit-identical parameters. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Measure training (unless <see cref="MeasureTraining"/> is false) and validation accuracy every this many epochs
    /// (and always after the last); other epochs report NaN. Measuring costs one forward pass over the data. At least 1;
    /// default 1.
    /// </summary>
    public int EvaluateEvery
    {
        get;
        init => field = Checked(value, value >= 1, nameof(EvaluateEvery), "Evaluation must happen at least every epoch count of 1 or more.");
    } = 1;

    /// <summary>
    /// Whether a measurement includes the training set. Re-measuring it costs a forward pass over every training
    /// example, a large part of an epoch's time (docs/training.md, "What measuring costs"). With false,
    /// <see cref="EpochReport.TrainAccuracy"/> is NaN; <see cref="EpochReport.Loss"/>, the mean loss over the epoch's
    /// minibatches, is reported either way, and a plateau schedule without a validation set reads it instead of the
    /// re-measured training loss. Default true.
    /// </summary>
    public bool MeasureTraining { get; init; } = true;

    /// <summary>How a step turns the gradient into a change of θ. Default plain SGD (<see cref="SgdOptimizer"/>).</summary>
    public Optimizer Optimizer
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Optimizer));
    } = new SgdOptimizer();

    /// <summary>
    /// How the learning rate changes over the epochs, or null (the default) for <see cref="InverseDecaySchedule"/> with
    /// <see cref="LearningRateDecay"/>, which is constant when the decay is 0.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Gradient clipping by global norm: when the minibatch's mean gradient (before L2) has a Euclidean norm above
    /// this, it is scaled down to this norm before the step. 0 (the default) turns clipping off; else positive and finite.
    /// </summary>
    public double GradientClipNorm
    {
        get;
        init => field = Checked(value, value >= 0 && double.IsFinite(value), nameof(GradientClipNorm), "The clipping norm must be non-negative and finite (0 turns clipping off).");
    }

    /// <summary>Stops on a validation metric and restores the best epoch's θ; null (the default) trains every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// Where to save a checkpoint (θ, optimizer and schedule state, epoch, shuffle state and history) every
    /// <see cref="CheckpointEvery"/> epochs, atomically; <see cref="Sgd.Resume(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>
    /// continues from it. Null (the default) saves none.
    /// </summary>
    public string? CheckpointPath
    {
        get;
        init => field = value is null || value.Length > 0 ? value
            : throw new ArgumentException("The checkpoint path must not be empty; use null for no checkpoints.", nameof(CheckpointPath));
    }

    /// <summary>Save a checkpoint every this many epochs (and after the last); at least 1. Default 1.</summary>
    public int CheckpointEvery
    {
        get;
        init => field = Checked(value, value >= 1, nameof(CheckpointEvery), "Checkpoints must be saved at least every epoch count of 1 or more.");
    } = 1;

    /// <summary>
    /// How many threads training may use: −1 (the default) for as many as there are processors, else at least 1 (1 runs
    /// everything on the calling thread). <see cref="Sgd"/> splits a minibatch of B ≥ 256 examples into ⌊B / 128⌋ (at most
    /// 8) contiguous chunks fixed by B alone and sums their gradients on up to this many threads, for models large enough
    /// to gain from it, and, in a run that measures at least twice, measures a data set of two runs of 128 examples or more
    /// on up to this many threads (at most 8) whatever the minibatch size, for models large enough; <see cref="RandomRestarts"/> and
    /// <see cref="HyperparameterSearch"/> train this many independent models at once (each on one thread). Above 1, the
    /// model's <c>Forward</c>, <c>ForwardBatch</c> and <c>GradientBatch</c> are called from several threads at once, as
    /// generated models allow. θ, the losses and the measured accuracies are bit-identical whatever the value;
    /// the reports' gradient norms are bit-identical for a given value (on two or more threads each thread sums its range of
    /// a block, so they may differ from one thread's in the last bits).
    /// </summary>
    public int MaxDegreeOfParallelism
    {
        get;
        init => field = Checked(value, value == -1 || value >= 1, nameof(MaxDegreeOfParallelism), "Use −1 for all processors, or at least 1.");
    } = -1;

    /// <summary>The schedule a run uses: <see cref="Schedule"/>, or the inverse decay of <see cref="LearningRateDecay"/>.</summary>
    internal LearningRateSchedule EffectiveSchedule => Schedule ?? new InverseDecaySchedule { Decay = LearningRateDecay };

    /// <summary>
    /// The learning rate of <paramref name="epoch"/>, counted from 1 as in <see cref="EpochReport.Epoch"/>, under the schedule
    /// (for <see cref="ReduceOnPlateauSchedule"/>, before any reduction).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is less than 1: there is no epoch 0.</exception>
    public double LearningRateAt(int epoch) => EffectiveSchedule.RateAt(epoch, LearningRate, Epochs);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> if settings that are valid alone conflict: naming <c>options</c>, or
    /// <c>validation</c> when early stopping has no validation set to watch.
    /// </summary>
    internal void Validate(bool hasValidation)
    {
        if (Schedule is not null && LearningRateDecay != 0)
            throw new ArgumentException("Set either LearningRateDecay or Schedule, not both.", "options");
        if (EarlyStopping is not null && !hasValidation)
            throw new ArgumentException("Early stopping needs a validation set.", "validation");
        Optimizer.Validate();
    }
}
