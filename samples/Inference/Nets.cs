using SymGrad;
using static SymGrad.Ops;

namespace Inference;

/// <summary>The network the shipped parameters belong to.</summary>
public static partial class Nets
{
    /// <summary>The size of the hidden layer the parameters were trained with (the `moons` workload: D = 2, H = 16).</summary>
    public const int Hidden = 16;

    /// <summary>The number of features per row.</summary>
    public const int Features = 2;

    /// <summary>f(x) = v · tanh(Wx + b); the class is sign(f(x)). Generated in float64 and float32 (TwoLayerModelFloat32, for --float32 and its own parameter file).</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Tanh(W * x + b));
}
