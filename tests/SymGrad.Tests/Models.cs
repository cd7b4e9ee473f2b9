using SymGrad;
using static SymGrad.Ops;

namespace SymGrad.Tests;

/// <summary>The models the runtime tests exercise, written as a user would.</summary>
public static partial class Models
{
    /// <summary>The lecture's two-layer network, f(x) = v · tanh(Wx + b).</summary>
    [Model]
    public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Tanh(W * x + b));

    /// <summary>The lecture's RBF network in vector form: f(x) = Σ_h v[h]·exp(−γ[h]·‖x − w_h‖²).</summary>
    [Model]
    public static double Rbf(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
        => Dot(v, Exp(-gamma * SqDist(W, x)));

    /// <summary>The two-layer network in index-sum notation: f(x) = Σ_h v_h · tanh(w_h · x + b_h).</summary>
    [Model]
    public static double TwoLayerIndexed(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Sum(v.Length, h => v[h] * Tanh(Dot(W[h], x) + b[h]));

    /// <summary>The lecture's RBF network in index-sum notation.</summary>
    [Model]
    public static double RbfIndexed(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
        => Sum(W.Rows, h => v[h] * Exp(-gamma[h] * SqDist(W[h], x)));

    /// <summary>Three tanh layers and a linear read-out, with locals.</summary>
    [Model]
    public static double Deep(Vec x,
        [Shape("H1", "D")] Mat W1, [Shape("H1")] Vec b1,
        [Shape("H2", "H1")] Mat W2, [Shape("H2")] Vec b2,
        [Shape("H3", "H2")] Mat W3, [Shape("H3")] Vec b3,
        [Shape("H3")] Vec v, double c)
    {
        var h1 = Tanh(W1 * x + b1);
        var h2 = Tanh(W2 * h1 + b2);
        var h3 = Tanh(W3 * h2 + b3);
        return Dot(v, h3) + c;
    }
}
