using SymGrad;
using static SymGrad.Ops;

namespace Consumer;

public static partial class Nets
{
    /// <summary>The lecture's two-layer network, f(x) = v · tanh(Wx + b).</summary>
    [Model]
    public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Tanh(W * x + b));
}
