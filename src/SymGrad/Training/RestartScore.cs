namespace SymGrad;

/// <summary>How one trained model did: the seed it came from and its scores after training.</summary>
/// <param name="Seed">The seed of its initialisation and shuffle.</param>
/// <param name="ValidationAccuracy">Its accuracy on the validation set, NaN if it diverged.</param>
/// <param name="ValidationLoss">Its mean loss on the validation set, NaN if it diverged.</param>
/// <param name="TrainAccuracy">Its accuracy on the training set, NaN if it diverged or the training set was not measured (<see cref="SgdOptions.MeasureTraining"/>).</param>
/// <param name="Diverged">Whether training stopped with a <see cref="TrainingDivergedException"/>.</param>
public readonly record struct RestartScore(int Seed, double ValidationAccuracy, double ValidationLoss, double TrainAccuracy, bool Diverged)
{
    /// <summary>Higher validation accuracy wins; equal accuracies are decided by the lower validation loss.</summary>
    internal bool IsBetterThan(RestartScore other) =>
        ValidationAccuracy > other.ValidationAccuracy
        || (ValidationAccuracy == other.ValidationAccuracy && ValidationLoss < other.ValidationLoss);
}
