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
    /// its label and the fix); nothing has changed.
    /// </exception>
    public static TrainingReport Train<TLoss>(IVectorModel model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : IClassLoss
    {
        ArgumentNullException.ThrowIfNull(options);
        Evaluation.Check(model, train, nameof(train));
        if (validation is not null) Evaluation.Check(model, validation, nameof(validation));
        Targets.CheckLabels(train, model.OutputLength, nameof(train));
        if (validation is not null) Targets.CheckLabels(validation, model.OutputLength, nameof(validation));
        options.Validate(validation is not null);
        var run = new TrainingRun<TLoss>(model, new ClassGradients<TLoss>(model, train),
            d => ClassEvaluation.Measure<TLoss>(model, d), train, validation, options);
        return run.Run(progress, cancellationToken);
    }
}
