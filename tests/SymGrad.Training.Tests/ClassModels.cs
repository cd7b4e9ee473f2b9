using SymGrad;
using static SymGrad.Ops;

namespace SymGrad.Training.Tests;

public static partial class Models
{
    /// <summary>A K-class MLP, s = W2·tanh(W1·x + b1) + b2.</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static Vec Classifier(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("K", "H")] Mat W2, [Shape("K")] Vec b2)
        => W2 * Tanh(W1 * x + b1) + b2;

    /// <summary>A deeper classifier whose first layer has <see cref="Classifier"/>'s names and shapes, for layer-wise copying.</summary>
    [Model]
    public static Vec DeepClassifier(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("H", "H")] Mat W2,
        [Shape("K", "H")] Mat W3, [Shape("K")] Vec b3)
        => W3 * Tanh(W2 * Tanh(W1 * x + b1)) + b3;
}
