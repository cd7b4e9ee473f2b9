using SymGrad;

namespace LectureTour;

/// <summary>How each net is built and trained in the tour: the hyperparameters the accuracies are stated for.</summary>
public static class Recipes
{
    /// <summary>Hidden units of both nets.</summary>
    public const int Hidden = 16;

    /// <summary>Random restarts per net and data set.</summary>
    public const int Restarts = 5;

    /// <summary>Plain SGD with a gently decaying learning rate.</summary>
    public static readonly SgdOptions Options = new() { LearningRate = 0.05, LearningRateDecay = 0.01, Epochs = 150, BatchSize = 1, Seed = 1 };

    /// <summary>A tanh net initialised with Glorot noise from <paramref name="seed"/>.</summary>
    public static Nets.TwoLayerModel TwoLayer(int seed)
    {
        var net = new Nets.TwoLayerModel(H: Hidden, D: 2, seed: 0);
        ParameterInitializer.Initialize(net, seed, scale: 1.0, InitializationScheme.Glorot);
        return net;
    }

    /// <summary>
    /// An RBF net whose centres start as noise around the data, with positive widths: a negative γ would make a
    /// unit grow away from its centre instead of fading.
    /// </summary>
    public static Nets.RbfModel Rbf(int seed)
    {
        var net = new Nets.RbfModel(H: Hidden, D: 2, seed: 0);
        net.Initialize(seed, scale: 1.5);
        foreach (ref double g in net.gamma) g = 1.0 + Math.Abs(g);
        return net;
    }
}
