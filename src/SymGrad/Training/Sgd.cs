namespace SymGrad;

/// <summary>
/// The tiny stochastic-gradient-descent runtime: trains any generated <see cref="IModel"/> in place.
/// </summary>
/// <remarks>
/// Each epoch shuffles the examples with a generator seeded once from <see cref="SgdOptions.Seed"/>, then walks
/// them in minibatches; each minibatch sums its gradients with the model's <c>GradientBatch</c> on contiguous rows
/// (over <see cref="SgdOptions.MaxDegreeOfParallelism"/> threads from 256 examples on) and
/// takes one step of <see cref="SgdOptions.Optimizer"/> along g = ḡ + λ·θ, ḡ the minibatch's mean gradient and λ
/// applied to the blocks of <see cref="SgdOptions.L2Scope"/> (plain SGD: θ ← θ − η·g). Schedules, clipping, early
/// stopping and checkpoints are options; see docs/training.md. The same seed, data and starting θ give bit-identical parameters on the same machine, whatever the degree of parallelism (the reports' gradient norms: for a given degree).
/// Buffers are allocated before the first epoch; after that training allocates nothing per example or per epoch
/// (a progress handler may allocate on its own, and saving a checkpoint allocates its file's bytes).
/// </remarks>
public static partial class Sgd
{
    /// <summary>Trains <paramref name="model"/> with squared loss; see <see cref="Train{TLoss}(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>.</summary>
    public static TrainingReport Train(IModel model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Train<SquaredLoss>(model, train, options, validation, progress, cancellationToken);

    /// <summary>Trains <paramref name="model"/> with squared loss on <paramref name="inputs"/> and <paramref name="targets"/>.</summary>
    /// <exception cref="ArgumentException">The inputs and targets do not form a valid <see cref="Dataset"/>, or do not fit the model.</exception>
    public static TrainingReport Train(IModel model, double[][] inputs, double[] targets, SgdOptions options,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Train<SquaredLoss>(model, new Dataset(inputs, targets), options, null, progress, cancellationToken);

    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/> with loss <typeparamref name="TLoss"/>,
    /// reporting each epoch to <paramref name="progress"/> (synchronously, on the training thread).
    /// </summary>
    /// <returns>One report per epoch.</returns>
    /// <exception cref="ArgumentNullException">The model, the data or the options are null.</exception>
    /// <exception cref="ArgumentException">
    /// The data's inputs do not have the model's input length, a target is not one the loss takes (±1 for a classification
    /// loss), or the options conflict (such as early stopping without a validation set); nothing has changed.
    /// </exception>
    /// <exception cref="TrainingDivergedException">
    /// A loss or a parameter became NaN or infinite; the exception names the epoch and the model keeps its last finite parameters.
    /// </exception>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled; the model keeps the parameters of the last completed minibatch.
    /// </exception>
    public static TrainingReport Train<TLoss>(IModel model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : ILoss
    {
        var run = Start<TLoss>(model, train, options, validation);
        return run.Run(progress, cancellationToken);
    }

    /// <summary>Continues with squared loss from the checkpoint at <see cref="SgdOptions.CheckpointPath"/>; see <see cref="Resume{TLoss}(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>.</summary>
    public static TrainingReport Resume(IModel model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Resume<SquaredLoss>(model, train, options, validation, progress, cancellationToken);

    /// <summary>
    /// Continues an interrupted <see cref="Train{TLoss}(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/> from the checkpoint at <see cref="SgdOptions.CheckpointPath"/>:
    /// loads θ into <paramref name="model"/> with the optimizer's and schedule's state, early stopping's best θ, the shuffle
    /// and the history, and trains the remaining epochs, saving checkpoints as before. With the same data and options the
    /// result is bit-identical to a run that was never interrupted; the report covers every epoch.
    /// </summary>
    /// <exception cref="ArgumentException">The options name no checkpoint, or an argument is invalid as for <see cref="Train{TLoss}(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The checkpoint is damaged or belongs to another model, optimizer, data size or a longer run; the model is unchanged.
    /// </exception>
    /// <exception cref="FileNotFoundException">There is no checkpoint file.</exception>
    public static TrainingReport Resume<TLoss>(IModel model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : ILoss
    {
        var run = Start<TLoss>(model, train, options, validation);
        return LoadCheckpoint(run, model, options, train, validation).Run(progress, cancellationToken);
    }

    /// <summary>Loads the checkpoint at <see cref="SgdOptions.CheckpointPath"/> into <paramref name="model"/> and the run about to resume.</summary>
    private static TrainingRun LoadCheckpoint(TrainingRun run, IParameterized model, SgdOptions options, Dataset train, Dataset? validation)
    {
        if (options.CheckpointPath is null) throw new ArgumentException("Resuming needs options.CheckpointPath.", nameof(options));
        CheckpointFile.Load(options.CheckpointPath, model, run, options, train, validation);
        return run;
    }

    /// <summary>Checks every argument, then allocates everything a run needs.</summary>
    private static TrainingRun Start<TLoss>(IModel model, Dataset train, SgdOptions options, Dataset? validation) where TLoss : ILoss
    {
        CheckArguments<TLoss, double>(model, train, options, validation);
        var measure = new PooledMeasure<double, ScalarKind<TLoss>>(new ScalarKind<TLoss>(model), model.ParameterCount);
        var run = new TrainingRun(model, new ScalarGradients<TLoss>(model, train), measure.Measure, train, validation, options);
        measure.Prepare(run.Minibatches, options, train, validation);
        return run;
    }

    /// <summary>
    /// The checks every scalar run makes before it touches anything, whatever the model's element type: the options, the
    /// inputs' length, and ±1 targets for a binary loss.
    /// </summary>
    private static void CheckArguments<TLoss, T>(IParameterized<T> model, Dataset train, SgdOptions options, Dataset? validation)
        where TLoss : ILoss where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        Evaluation.Check(model, train, nameof(train));
        if (validation is not null) Evaluation.Check(model, validation, nameof(validation));
        options.Validate(validation is not null);
        if (typeof(IBinaryLoss).IsAssignableFrom(typeof(TLoss)))
        {
            Targets.CheckBinary(train, nameof(train), typeof(TLoss).Name);
            if (validation is not null) Targets.CheckBinary(validation, nameof(validation), typeof(TLoss).Name);
        }
    }
}
