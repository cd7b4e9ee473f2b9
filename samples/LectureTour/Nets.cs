using SymGrad;
using static SymGrad.Ops;

namespace LectureTour;

/// <summary>The lecture's two networks, written as SymGrad models.</summary>
public static partial class Nets
{
    /// <summary>The two-layer net f(x) = v · tanh(Wx + b); its class is sign(f(x)).</summary>
    [Model]
    public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Tanh(W * x + b));

    /// <summary>The RBF net f(x) = Σ_h v[h]·exp(−γ[h]·‖x − w_h‖²), with learnable centres w_h and widths γ_h.</summary>
    [Model]
    public static double Rbf(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
        => Dot(v, Exp(-gamma * SqDist(W, x)));
}
