using SymGrad;
using static SymGrad.Ops;

namespace SymGrad.Tests;

/// <summary>Vector-valued models (K scores), the new ops and class losses, written as a user would.</summary>
public static partial class Models
{
    /// <summary>A K-class MLP: s = W2·tanh(W1·x + b1) + b2.</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static Vec Mlp(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("K", "H")] Mat W2, [Shape("K")] Vec b2)
        => W2 * Tanh(W1 * x + b1) + b2;

    /// <summary>The same MLP with locals.</summary>
    [Model]
    public static Vec MlpLocals(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("K", "H")] Mat W2, [Shape("K")] Vec b2)
    {
        Vec h = Tanh(W1 * x + b1);
        Vec s = W2 * h + b2;
        return s;
    }

    /// <summary>One layer, a fixed number of classes: s = W·x + b with K = 3.</summary>
    [Model]
    public static Vec Linear3(Vec x, [Shape("3", "D")] Mat W, [Shape("3")] Vec b) => W * x + b;

    /// <summary>Three layers with ReLU, then softmax probabilities as the output.</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static Vec DeepSoftmax(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("G", "H")] Mat W2, [Shape("G")] Vec b2,
        [Shape("K", "G")] Mat W3, [Shape("K")] Vec b3)
        => Softmax(W3 * Tanh(W2 * Relu(W1 * x + b1) + b2) + b3);

    /// <summary>Four layers, sigmoid and tanh, K = 10 possible.</summary>
    [Model]
    public static Vec FourLayer(Vec x, [Shape("H", "D")] Mat W1, [Shape("H", "H")] Mat W2, [Shape("H", "H")] Mat W3, [Shape("K", "H")] Mat W4, [Shape("K")] Vec b)
        => W4 * Sigmoid(W3 * Tanh(W2 * Tanh(W1 * x))) + b;

    /// <summary>The new scalar ops inside a vector model: Abs, Max, Min, LogSumExp, entries at constant indices, a conditional on x[0].</summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static Vec OpsVector(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("K", "H")] Mat V)
    {
        Vec a = W * x + b;
        Vec h = Max(a, 0.1 * a) + Min(Abs(a), 2.0);
        double z = LogSumExp(a) + a[1] * h[0];
        return V * h * (x[0] > 0 ? z : -z) + Abs(z - 1.0);
    }

    /// <summary>A scalar model over the new ops, with a branch on the input's first entry.</summary>
    [Model]
    public static double OpsScalar(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v)
    {
        Vec a = W * x;
        return x[0] > 0 ? Dot(v, Softmax(a)) + LogSumExp(a) : Max(a[0], v[1]) - Min(Abs(a[1]), 0.5);
    }

    /// <summary>Label-smoothed cross-entropy, ε = 0.1: (1 − ε)(lse(s) − s[y]) + ε (lse(s) − mean(s)).</summary>
    [Loss]
    public static double Smoothed(Vec s, int y) => 0.9 * (LogSumExp(s) - s[y]) + 0.1 * (LogSumExp(s) - Sum(s) / s.Length);
}
