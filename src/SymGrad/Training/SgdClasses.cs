namespace SymGrad;

// Training a vector model (K scores) on class labels: the same loop as a scalar model's, reached through its Gradient
// against a label and class accuracy.
public static partial class Sgd
{
    /// <summary>
    /// Trains the vector model <paramref name="model"/> in place on examples labelled with classes 0..K−1 (the targets of
    /// <paramref name="train"/>, whole numbers; see <see cref="Dataset.WithLabels(double[][], int[])"/>) with the class loss
    /// <typeparamref name="TLoss"/>, such as <see cref="SoftmaxCrossEntropy"/>. Options, reports and guarantees are those of
    /// <see cref="Train{TLoss}(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>; the
    /// accuracies reported are class accuracies (argmax = label).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The inputs do not have the model's length, or a label is not a class of the model (the message names the example,
    /// its label and the fix), or the options conflict (such as early stopping without a validation set); nothing has changed.
    /// </exception>
    public static TrainingReport Train<TLoss>(IVectorModel model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : IClassLoss
        => StartClasses<TLoss>(model, train, options, validation).Run(progress, cancellationToken);

    /// <summary>
    /// Continues an interrupted <see cref="Train{TLoss}(IVectorModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>
    /// from the checkpoint at <see cref="SgdOptions.CheckpointPath"/>, as
    /// <see cref="Resume{TLoss}(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/> does for a
    /// scalar model: θ, the optimizer's state, the shuffle and the history are loaded, and the result is bit-identical to a
    /// run that was never interrupted.
    /// </summary>
    /// <exception cref="ArgumentException">The options name no checkpoint, or an argument is invalid as for Train.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is damaged or belongs to another run; the model is unchanged.</exception>
    /// <exception cref="FileNotFoundException">There is no checkpoint file.</exception>
    public static TrainingReport Resume<TLoss>(IVectorModel model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : IClassLoss
    {
        var run = StartClasses<TLoss>(model, train, options, validation);
        return LoadCheckpoint(run, model, options, train, validation).Run(progress, cancellationToken);
    }

    /// <summary>Checks every argument, then allocates everything a float64 class run needs.</summary>
    private static TrainingRun StartClasses<TLoss>(IVectorModel model, Dataset train, SgdOptions options, Dataset? validation) where TLoss : IClassLoss
    {
        CheckClassArguments(model, train, options, validation);
        var measure = new PooledMeasure<double, ClassKind<double, ClassScores, TLoss>>(new(new ClassScores(model)), model.ParameterCount);
        var run = new TrainingRun(model, new ClassGradients<TLoss>(model, train), measure.Measure, train, validation, options);
        measure.Prepare(run.Minibatches, options, train, validation);
        return run;
    }

    /// <summary>
    /// Trains the float32 vector model <paramref name="model"/> in place on class labels, as
    /// <see cref="Train{TLoss}(IVectorModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/> trains a
    /// float64 one, in mixed precision as
    /// <see cref="Train{TLoss}(IModel{float}, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>: the
    /// optimizer steps a float64 master θ, each step rounds it into the model, whose float32 <c>GradientBatch</c> computes the
    /// minibatch's gradient (the class loss in double on the widened scores), added up in float64. At the end (or on an
    /// exception) the model holds the master θ rounded to float.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The inputs do not have the model's length, a label is not a class of the model, or the options conflict; nothing has
    /// changed.
    /// </exception>
    public static TrainingReport Train<TLoss>(IVectorModel<float> model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : IClassLoss =>
        RunFloat32(StartClasses<TLoss>(model, train, options, validation), resume: false, options, train, validation, progress, cancellationToken);

    /// <summary>
    /// Continues an interrupted float32
    /// <see cref="Train{TLoss}(IVectorModel{float}, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>
    /// from the checkpoint at <see cref="SgdOptions.CheckpointPath"/>: the master θ, the optimizer's state, the shuffle and the
    /// history are loaded, and θ is bit-identical to a run that was never interrupted. A float64 run's checkpoint is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The options name no checkpoint, or an argument is invalid as for Train.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is damaged or belongs to another run; the model is unchanged.</exception>
    /// <exception cref="FileNotFoundException">There is no checkpoint file.</exception>
    public static TrainingReport Resume<TLoss>(IVectorModel<float> model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : IClassLoss =>
        RunFloat32(StartClasses<TLoss>(model, train, options, validation), resume: true, options, train, validation, progress, cancellationToken);

    /// <summary>Checks every argument, then makes the master θ and everything a float32 class run needs; the model is not touched.</summary>
    private static (TrainingRun Run, MasterParameters Master) StartClasses<TLoss>(IVectorModel<float> model, Dataset train, SgdOptions options,
        Dataset? validation) where TLoss : IClassLoss
    {
        CheckClassArguments(model, train, options, validation);
        var master = new MasterParameters(model);
        var measure = new PooledMeasure<float, ClassKind<float, Float32ClassScores, TLoss>>(new(new Float32ClassScores(model)), model.ParameterCount);
        var run = new TrainingRun(master, new Float32ClassGradients<TLoss>(model, master, train),
            d => { master.Narrow(); return measure.Measure(d); }, train, validation, options);
        measure.Prepare(run.Minibatches, options, train, validation);
        return (run, master);
    }

    /// <summary>The checks of every class run, whatever the model's element type: the options, the inputs' length, and labels that are classes of the model.</summary>
    private static void CheckClassArguments<T>(IVectorModel<T> model, Dataset train, SgdOptions options, Dataset? validation)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        Evaluation.Check(model, train, nameof(train));
        if (validation is not null) Evaluation.Check(model, validation, nameof(validation));
        Targets.CheckLabels(train, model.OutputLength, nameof(train));
        if (validation is not null) Targets.CheckLabels(validation, model.OutputLength, nameof(validation));
        options.Validate(validation is not null);
    }
}
