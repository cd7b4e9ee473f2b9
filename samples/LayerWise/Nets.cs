using SymGrad;
using static SymGrad.Ops;

namespace LayerWise;

/// <summary>A shallow net and a deeper one that shares its first layer's names and shapes, so the layer can be copied.</summary>
public static partial class Nets
{
    /// <summary>One tanh layer: f(x) = v · tanh(W1 x + b1) + c.</summary>
    [Model]
    public static double Shallow(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("H")] Vec v, double c)
        => Dot(v, Tanh(W1 * x + b1)) + c;

    /// <summary>Three tanh layers: f(x) = v · tanh(W3 tanh(W2 tanh(W1 x + b1) + b2) + b3) + c.</summary>
    [Model]
    public static double Deep(Vec x,
        [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1,
        [Shape("H", "H")] Mat W2, [Shape("H")] Vec b2,
        [Shape("H", "H")] Mat W3, [Shape("H")] Vec b3,
        [Shape("H")] Vec v, double c)
    {
        var h1 = Tanh(W1 * x + b1);
        var h2 = Tanh(W2 * h1 + b2);
        var h3 = Tanh(W3 * h2 + b3);
        return Dot(v, h3) + c;
    }
}
