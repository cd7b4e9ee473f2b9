namespace SymGrad;

/// <summary>What one epoch of <see cref="Sgd"/> achieved.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Epochs">The number of epochs the run was asked for.</param>
/// <param name="LearningRate">The learning rate used in this epoch.</param>
/// <param name="Loss">The mean per-example loss over the epoch, each taken before its minibatch's update (without the L2 term).</param>
/// <param name="TrainAccuracy">The fraction of training examples classified right after the epoch, or NaN if not measured.</param>
/// <param name="ValidationAccuracy">The same on the validation set, or NaN if there is none or it was not measured.</param>
/// <param name="Elapsed">Wall time since training started (for a resumed run, including the time before the checkpoint).</param>
public readonly record struct EpochReport(
    int Epoch, int Epochs, double LearningRate, double Loss, double TrainAccuracy, double ValidationAccuracy, TimeSpan Elapsed)
{
    /// <summary>The mean loss on the validation set after the epoch, or NaN if there is none or it was not measured.</summary>
    public double ValidationLoss { get; init; } = double.NaN;

    /// <summary>
    /// Per parameter block (in the order of <see cref="IParameterized{T}.Blocks"/>): the mean over the epoch's steps of the Euclidean
    /// norm of the block's minibatch mean gradient (before L2 and clipping). Shows which layers learn: the lecture's
    /// "parameters at early layers tend to have very small gradients". A view into the run's history; allocates nothing.
    /// </summary>
    public ReadOnlyMemory<double> GradientNorms { get; init; }
}
