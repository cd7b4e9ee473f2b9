namespace SymGrad;

/// <summary>One point of a hyperparameter search: the lecture's run-time hyperparameters.</summary>
/// <param name="LearningRate">The SGD learning rate.</param>
/// <param name="Hidden">The hidden size H, handed to the model factory.</param>
/// <param name="InitScale">The initialisation scale ("amount of randomness in initialization"), handed to the model factory.</param>
/// <param name="L2">The L2 regularisation λ.</param>
/// <param name="Epochs">The number of training epochs ("number of training iterations").</param>
public sealed record Hyperparameters(double LearningRate, int Hidden, double InitScale, double L2, int Epochs)
{
    /// <summary>Every combination of the given values, learning rate varying slowest and epochs fastest.</summary>
    public static IEnumerable<Hyperparameters> Grid(IEnumerable<double> learningRates, IEnumerable<int> hidden,
        IEnumerable<double> initScales, IEnumerable<double> l2, IEnumerable<int> epochs)
    {
        ArgumentNullException.ThrowIfNull(learningRates);
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(initScales);
        ArgumentNullException.ThrowIfNull(l2);
        ArgumentNullException.ThrowIfNull(epochs);
        return from lr in learningRates
               from h in hidden
               from s in initScales
               from lambda in l2
               from e in epochs
               select new Hyperparameters(lr, h, s, lambda, e);
    }
}
