using SymGrad;
using static SymGrad.Ops;

namespace SymGrad.Training.Tests;

/// <summary>The models these tests train, written as a user would.</summary>
public static partial class Models
{
    /// <summary>The lecture's two-layer network, f(x) = v · tanh(Wx + b).</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Tanh(W * x + b));

    /// <summary>The lecture's RBF network, f(x) = Σ_h v[h]·exp(−γ[h]·‖x − w_h‖²).</summary>
    [Model]
    public static double Rbf(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
        => Dot(v, Exp(-gamma * SqDist(W, x)));

    /// <summary>A linear model, f(x) = w · x + c: its divergence under a large learning rate is predictable.</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static double Linear(Vec x, [Shape("D")] Vec w, double c) => Dot(w, x) + c;

    /// <summary>One tanh layer with a bias on the output, the shallow start of layer-wise training.</summary>
    [Model]
    public static double Shallow(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("H")] Vec v, double c)
        => Dot(v, Tanh(W1 * x + b1)) + c;

    /// <summary>Three tanh layers whose first layer has the names and shapes of <see cref="Shallow"/>'s.</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
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

/// <summary>A model with the name and shapes of <see cref="Models.TwoLayer"/> in another class: its files are not TwoLayer's.</summary>
public static partial class OtherModels
{
    [Model]
    public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Tanh(W * x - b));
}
