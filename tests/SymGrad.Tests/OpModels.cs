using SymGrad;
using static SymGrad.Ops;

namespace SymGrad.Tests;

/// <summary>
/// One small model per operation of the table (and per scalar/vector form), each differentiated by the generator
/// and checked against finite differences and the reference implementation by <see cref="ModelTests"/>.
/// Domains are kept where each op is smooth: logarithms and roots of positive values, no division near zero,
/// Relu fed values away from its kink by the tests' parameters.
/// </summary>
public static partial class Models
{
    [Model] public static double OpAddSub(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v, double c)
        => Dot(v, W * x + b - c) - (c + 1.5);

    [Model] public static double OpNeg(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, double c)
        => Dot(-v, W * x) + -c;

    [Model] public static double OpHadamardAndScale(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v, double c)
        => Sum(c * (W * x) * b * 2.0) + Dot(v, b) * c;

    [Model] public static double OpDiv(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v, double c)
        => Sum((W * x) / (Square(b) + 1.0)) + Dot(v, v) / (c * c + 2.0) + Sum(v / 3.0) + Sum(2.0 / (Square(v) + 1.0));

    [Model] public static double OpTanh(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, double c)
        => Dot(v, Tanh(W * x)) + Tanh(c);

    [Model] public static double OpExpLog(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, double c)
        => Sum(Log(Exp(W * x) + Square(v))) + Log(Exp(c) + 1.0) + Math.Exp(c / 4);

    [Model] public static double OpSigmoid(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, double c)
        => Dot(v, Sigmoid(W * x)) + Sigmoid(c);

    [Model] public static double OpRelu(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
        => Dot(v, Relu(W * x + b)) + Sum(Relu(v));

    [Model] public static double OpSquareSqrt(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, double c)
        => Sum(Sqrt(Square(W * x) + 1.0)) + Dot(v, Square(v)) + Sqrt(c * c + 0.5);

    [Model] public static double OpPow(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, double c)
        => Sum(Pow(Square(Tanh(W * x)) + 1.0, 1.5)) + Sum(Pow(v, 3)) + Pow(c * c + 1.0, -0.5);

    [Model] public static double OpSqDist(Vec x, [Shape("H", "D")] Mat W, [Shape("D")] Vec w, [Shape("H")] Vec v)
        => SqDist(x, w) + Dot(v, SqDist(W, x)) + SqDist(W * x, v);

    [Model] public static double OpConstantDims(Vec x, [Shape("3", "2")] Mat W, [Shape("3")] Vec b, [Shape("3")] Vec v)
        => Dot(v, Tanh(W * x + b));
}

public static partial class Models
{
    private const double Threshold = 0.25;

    // Conditionals choose a branch by the input and constants; each branch is differentiated where it was chosen.
    [Model] public static double OpConditional(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, [Shape("D")] Vec u, double c)
    {
        var h = Sum(x) > 0 ? Tanh(W * x) : W * x * c;
        return Dot(v, h)
            + Sum(x.Length, d => x[d] >= Threshold ? u[d] * x[d] : Square(u[d]))
            + Sum(x.Length, d => x[d] < -Threshold ? 0.5 : u[d])
            + (Sum(x) <= 1.0 ? c : -2.0 * c)
            + (Threshold == 0.25 ? Sqrt(c * c + 1.0) : c)
            + (Dot(x, x) != 0.0 ? Exp(c / 4) : c);
    }
}
