using SymGrad;
using static SymGrad.Ops;

namespace SymGrad.Tests;

/// <summary>
/// Conditionals that guard a branch against inputs where it is not finite (the log or square root of a negative
/// number, a division by zero): the branch that was not chosen must put nothing into the gradient, not 0·NaN.
/// </summary>
public static partial class Models
{
    [Model] public static double GuardedLog([Shape("D")] Vec x, [Shape("D")] Vec u)
        => Sum(x.Length, d => x[d] > 0 ? u[d] * Log(x[d]) : 0.0);

    [Model] public static double GuardedDivision([Shape("D")] Vec x, [Shape("D")] Vec u)
        => Sum(x.Length, d => x[d] != 0 ? u[d] / x[d] : u[d]);

    [Model] public static double GuardedRoot([Shape("D")] Vec x, double c)
        => Sum(x) > 0 ? Sqrt(c * c * Sum(x)) : c;

    // Found in review: a masked adjoint that meets the unchosen branch's NaN only after a negation, a subtraction,
    // a sum of masked terms or a reduction.
    [Model] public static double GuardedDifference([Shape("D")] Vec x, [Shape("D")] Vec u)
        => Sum(x.Length, d => x[d] > 0 ? 1.0 - u[d] * Log(x[d]) : 0.0) + (Sum(x) > 0 ? Sum(1.0 - u * Log(x * x + Sum(x))) : 0.0);

    [Model] public static double GuardedPieces([Shape("D")] Vec x, double c)
    {
        var t = c * Log(Sum(x));
        return Sum(x) > 1 ? t : (Sum(x) > 0 ? 2.0 * t : 0.0);
    }

    [Model] public static double GuardedEntrySum([Shape("D")] Vec x, double c)
        => Sum(x.Length, d => x[d] > 0 ? c * Log(x[d] * Dot(x, x)) + Sqrt(c * c * x[d] * Dot(x, x)) : 0.0);

    [Model] public static double GuardedRows([Shape("D")] Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, [Shape("D")] Vec u)
        => Sum(x) > 0 ? Dot(v, SqDist(W, u * Log(Sum(x)))) : Dot(v, W * u);

    // The unchosen branch's NaN vector meets the adjoint inside the matrix terms W̄ += b̄ vᵀ and W̄[h] += 2b̄[h](W[h] − v).
    [Model(Precision = Precision.Float64 | Precision.Float32)] public static double GuardedLayer([Shape("D")] Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v)
        => Sum(x) > 0 ? Dot(v, Tanh(W * (x * Sqrt(Sum(x))))) + Dot(v, SqDist(W, x * Log(Sum(x)))) : Dot(v, W * x);

    // Found in the third review: a parameter divisor that is 0, a condition that is constant, and (below) losses.
    [Model] public static double GuardedParameterDivisor([Shape("D")] Vec x, double c, double w)
        => Sum(x) > 0 ? c * Sum(x) + Log(w) : c;

    [Model] public static double ConstantGuard([Shape("D")] Vec x, double w)
    {
        double eps = 0.0;
        return eps > 0 ? w / eps : w * Sum(x);
    }

    /// <summary>Cross-entropy for a probability g: at g = 0 the branch for y &gt; 0 is −log 0, but it is not chosen for y ≤ 0.</summary>
    [Loss] public static double CrossEntropy(double g, double y) => y > 0 ? -Log(g) : -Log(1.0 - g);

    /// <summary>The unchosen branch overflows; its indicator, written the way the adjoint of the other term is, merges with it.</summary>
    [Loss] public static double Overflowing(double g, double y) => (y > 0 ? 1.0 : 0.0) * g + (y > 0 ? Exp(1000.0 * g) : 0.0);
}

public static partial class Models
{
    private const double Cutoff = 0.5;

    // A condition on constants: the dead branch's backward pass folds away with it (the generated-code test reads it).
    [Model] public static double DeadBranch(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, double c)
        => (Cutoff > 1 ? Dot(v, Tanh(W * x)) : Sum(x)) + c;
}

public static partial class Models
{
    // Found by fuzzing: the adjoint of Log g, [y > 0] / g, is the loss's own forward term, so the two were one node.
    [Loss] public static double SharedQuotient(double g, double y) => y > 0 ? Log(g) + (y > 0 ? 1.0 : 0.0) / g : 0.0;

    // The same with a product: the adjoint of √g, [y > 0] · ½g^(−½), is written out in the loss.
    [Loss] public static double SharedProduct(double g, double y)
        => (y > 0 ? Pow(g, 0.5) : 0.0) + (y > 1 ? (y > 0 ? 1.0 : 0.0) * (0.5 * Pow(g, -0.5)) : 0.0);
}
