using static SymGrad.Ops;

namespace SymGrad.Benchmarks;

/// <summary>The benchmarked models, written as a user would (same shapes as the runtime tests).</summary>
public static partial class BenchModels
{
    /// <summary>Two-layer network f(x) = v · tanh(Wx + b): the xor, moons, mid and mnist workloads (also in float32).</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Tanh(W * x + b));

    /// <summary>RBF network f(x) = Σ_h v[h]·exp(−γ[h]·‖x − w_h‖²): the rbf workload.</summary>
    [Model]
    public static double Rbf(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
        => Dot(v, Exp(-gamma * SqDist(W, x)));

    /// <summary>Three tanh layers and a linear read-out: the deep workload.</summary>
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

    /// <summary>Ten class scores s = W2·tanh(W1·x + b1) + b2, the Fashion-MNIST sample's network: the optimizer comparison (and its float32 class, for probes).</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static Vec Classifier(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("10", "H")] Mat W2, [Shape("10")] Vec b2)
        => W2 * Tanh(W1 * x + b1) + b2;
}
