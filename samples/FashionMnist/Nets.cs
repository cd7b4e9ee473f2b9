using SymGrad;
using static SymGrad.Ops;

namespace FashionMnist;

public static partial class Nets
{
    /// <summary>Ten class scores from a 28×28 image: s = W2·tanh(W1·x + b1) + b2, as a float64 and a float32 class.</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static Vec Classifier(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("10", "H")] Mat W2, [Shape("10")] Vec b2)
        => W2 * Tanh(W1 * x + b1) + b2;
}
