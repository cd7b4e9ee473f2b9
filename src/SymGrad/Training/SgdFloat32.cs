namespace SymGrad;

// Training a float32 model (Precision.Float32): the same loop as a float64 model's, with the optimizer on a float64
// master copy of θ and the forward and backward passes in float32 (docs/float32.md).
public static partial class Sgd
{
    /// <summary>Trains the float32 model <paramref name="model"/> with squared loss; see <see cref="Train{TLoss}(IModel{float}, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>.</summary>
    public static TrainingReport Train(IModel<float> model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Train<SquaredLoss>(model, train, options, validation, progress, cancellationToken);

    /// <summary>
    /// Trains the float32 model <paramref name="model"/> in place, as
    /// <see cref="Train{TLoss}(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/> trains a
    /// float64 one (same options, reports, checkpoints and guarantees). Mixed precision: the optimizer and its state work on a
    /// float64 master copy of θ; each step rounds it into the model, whose float32 <c>GradientBatch</c> computes the
    /// minibatch's gradient, which is added up in float64 (at batch 1 with plain SGD a model with a large weight matrix
    /// takes the rank-1 step on the master instead, with the same θ: docs/training.md). After every epoch, and at the end
    /// (or on an exception), the model holds the master θ rounded to float. A checkpoint holds the master θ, so a resumed run continues bit-identically.
    /// </summary>
    /// <exception cref="ArgumentNullException">The model, the data or the options are null.</exception>
    /// <exception cref="ArgumentException">
    /// The data's inputs do not have the model's input length, a target is not one the loss takes (±1 for a classification
    /// loss), or the options conflict (such as early stopping without a validation set); nothing has changed.
    /// </exception>
    /// <exception cref="TrainingDivergedException">A loss or a parameter became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static TrainingReport Train<TLoss>(IModel<float> model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : ILoss
        => RunFloat32(Start<TLoss>(model, train, options, validation), resume: false, options, train, validation, progress, cancellationToken);

    /// <summary>Continues a float32 run with squared loss from its checkpoint; see <see cref="Resume{TLoss}(IModel{float}, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>.</summary>
    public static TrainingReport Resume(IModel<float> model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Resume<SquaredLoss>(model, train, options, validation, progress, cancellationToken);

    /// <summary>
    /// Continues an interrupted float32 <see cref="Train{TLoss}(IModel{float}, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>
    /// from the checkpoint at <see cref="SgdOptions.CheckpointPath"/>, as
    /// <see cref="Resume{TLoss}(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/> does for a
    /// float64 model: the master θ, the optimizer's state, the shuffle and the history are loaded, and θ is bit-identical
    /// to a run that was never interrupted. A float64 run's checkpoint is refused, and a float32 run's by a float64 model.
    /// </summary>
    /// <exception cref="ArgumentException">The options name no checkpoint, or an argument is invalid as for Train.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is damaged or belongs to another run; the model is unchanged.</exception>
    /// <exception cref="FileNotFoundException">There is no checkpoint file.</exception>
    public static TrainingReport Resume<TLoss>(IModel<float> model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : ILoss
        => RunFloat32(Start<TLoss>(model, train, options, validation), resume: true, options, train, validation, progress, cancellationToken);

    /// <summary>Checks every argument, then makes the master θ and everything the run needs; the model is not touched.</summary>
    private static (TrainingRun Run, MasterParameters Master) Start<TLoss>(IModel<float> model, Dataset train, SgdOptions options, Dataset? validation)
        where TLoss : ILoss
    {
        CheckArguments<TLoss, float>(model, train, options, validation);
        var master = new MasterParameters(model);
        var measure = new PooledMeasure<float, Float32ScalarKind<TLoss>>(new Float32ScalarKind<TLoss>(model), model.ParameterCount);
        var run = new TrainingRun(master, new Float32Gradients<TLoss>(model, master, train),
            d => { master.Narrow(); return measure.Measure(d); }, train, validation, options);
        measure.Prepare(run.Minibatches, options, train, validation);
        return (run, master);
    }

    /// <summary>
    /// Runs a float32 run, first loading its checkpoint when <paramref name="resume"/>, and leaves the master θ rounded into
    /// the model however the run ends (finished, stopped early, cancelled or diverged).
    /// </summary>
    private static TrainingReport RunFloat32((TrainingRun Run, MasterParameters Master) started, bool resume, SgdOptions options,
        Dataset train, Dataset? validation, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        var (run, master) = started;
        if (resume) LoadCheckpoint(run, master, options, train, validation);
        try
        {
            return run.Run(progress, cancellationToken);
        }
        finally
        {
            master.Narrow();
        }
    }
}
