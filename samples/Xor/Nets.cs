using SymGrad;
using static SymGrad.Ops;

namespace Xor;

/// <summary>The lecture's two-layer network.</summary>
public static partial class Nets
{
    /// <summary>f(x) = v · tanh(Wx + b); the classifier is sign(f(x)).</summary>
    [Model]
    public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Tanh(W * x + b));
}
