using SymGrad;
using static SymGrad.Ops;

namespace SymGrad.Tests;

/// <summary>The models the runtime tests exercise, written as a user would.</summary>
public static partial class Models
{
    /// <summary>The lecture's two-layer network, f(x) = v · tanh(Wx + b).</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Tanh(W * x + b));

    /// <summary>The lecture's RBF network in vector form: f(x) = Σ_h v[h]·exp(−γ[h]·‖x − w_h‖²).</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
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

    /// <summary>softplus(a) = log(1 + eᵃ), with its derivative supplied by hand.</summary>
    [Derivative(nameof(SoftplusDerivative))]
    public static double Softplus(double a) => Math.Log(1 + Math.Exp(a));

    /// <summary>softplus′(a) = σ(a).</summary>
    public static double SoftplusDerivative(double a) => 1 / (1 + Math.Exp(-a));

    /// <summary>LeCun's scaled tanh, 1.7159·tanh(2a/3), whose derivative reuses its value.</summary>
    [Derivative(nameof(ScaledTanhDerivative))]
    public static double ScaledTanh(double a) => 1.7159 * Math.Tanh(2.0 / 3.0 * a);

    /// <summary>(2/3)·(1.7159 − f²/1.7159), from f = ScaledTanh(a).</summary>
    public static double ScaledTanhDerivative(double a, double value) => 2.0 / 3.0 * (1.7159 - value * value / 1.7159);

    /// <summary>User functions with custom derivatives inside a model, in both notations.</summary>
    [Model]
    public static double CustomActivations(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v, double c)
        => Sum(v.Length, h => v[h] * Softplus(Dot(W[h], x) + b[h])) + ScaledTanh(c) * Sum(v);

    /// <summary>A user-written loss, the Cauchy (Lorentzian) loss log(1 + (y − g)²), robust to outliers.</summary>
    [Loss]
    public static double Cauchy(double g, double y) => Log(1 + Square(y - g));

    /// <summary>A class-weighted squared loss: a conditional on the target, which no gradient flows through.</summary>
    [Loss]
    public static double WeightedSquared(double g, double y) => y > 0 ? 3.0 * Square(y - g) : Square(y - g);

    /// <summary>A user-written margin loss with other parameter names and a local.</summary>
    [Loss]
    public static double SoftMargin(double score, double label)
    {
        var margin = label * score;
        return Log(1 + Exp(1 - margin)) + 0.01 * Square(score);
    }

    /// <summary>Three tanh layers and a linear read-out, with locals.</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
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
