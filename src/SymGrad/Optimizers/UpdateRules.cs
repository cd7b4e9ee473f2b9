using System.Numerics;
using System.Runtime.CompilerServices;

namespace SymGrad;

/// <summary>
/// One optimizer's update of θ and its state, written once for a vector of lanes (a struct, so the JIT specialises
/// and inlines it into <see cref="StepKernel"/>). <c>g</c> is the effective gradient, mean and L2 already applied.
/// </summary>
internal interface IUpdateRule
{
    /// <summary>How many state vectors the rule reads and writes.</summary>
    static abstract int StateVectors { get; }

    /// <summary>Returns the new θ and updates the state lanes.</summary>
    Vector<double> Update(Vector<double> theta, Vector<double> g, ref Vector<double> first, ref Vector<double> second);

    /// <summary>
    /// Whether the update surely keeps every value finite when |θ| ≤ <paramref name="theta"/> (decay already applied),
    /// |g| ≤ <paramref name="g"/> and the state's entries are at most <paramref name="first"/> and <paramref name="second"/>
    /// in size: each bound of a new value stays below <see cref="UpdateBounds.Limit"/>, far enough from overflow that rounding
    /// cannot cross it. Then <paramref name="first"/>, <paramref name="second"/> and <paramref name="thetaAfter"/> are
    /// bounds on the new state and θ. False (including for NaN or ∞ bounds) means only that the values must be checked one by one.
    /// </summary>
    bool Bounded(double theta, double g, ref double first, ref double second, out double thetaAfter);
}

/// <summary>The margin of <see cref="IUpdateRule.Bounded"/>.</summary>
internal static class UpdateBounds
{
    /// <summary>Bounds up to this prove finiteness: 10⁸ below <see cref="double.MaxValue"/>, far more than rounding can add.</summary>
    public const double Limit = 1e300;
}

/// <summary>θ ← θ − η·g.</summary>
internal readonly struct PlainRule(double eta) : IUpdateRule
{
    private readonly Vector<double> _eta = new(eta);

    /// <summary>The learning rate η.</summary>
    public double Eta => eta;

    public static int StateVectors => 0;

    public bool Bounded(double theta, double g, ref double first, ref double second, out double thetaAfter) =>
        (thetaAfter = theta + eta * g) <= UpdateBounds.Limit;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Update(Vector<double> theta, Vector<double> g, ref Vector<double> first, ref Vector<double> second) =>
        theta - _eta * g;
}

/// <summary>b ← μ·b + g; θ ← θ − η·b.</summary>
internal readonly struct MomentumRule(double eta, double mu) : IUpdateRule
{
    private readonly Vector<double> _eta = new(eta), _mu = new(mu);

    public static int StateVectors => 1;

    public bool Bounded(double theta, double g, ref double first, ref double second, out double thetaAfter)
    {
        first = mu * first + g;
        thetaAfter = theta + eta * first;
        return first <= UpdateBounds.Limit && thetaAfter <= UpdateBounds.Limit;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Update(Vector<double> theta, Vector<double> g, ref Vector<double> first, ref Vector<double> second)
    {
        first = _mu * first + g;
        return theta - _eta * first;
    }
}

/// <summary>b ← μ·b + g; θ ← θ − η·(g + μ·b).</summary>
internal readonly struct NesterovRule(double eta, double mu) : IUpdateRule
{
    private readonly Vector<double> _eta = new(eta), _mu = new(mu);

    public static int StateVectors => 1;

    public bool Bounded(double theta, double g, ref double first, ref double second, out double thetaAfter)
    {
        first = mu * first + g;
        thetaAfter = theta + eta * (g + mu * first);
        return first <= UpdateBounds.Limit && thetaAfter <= UpdateBounds.Limit;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Update(Vector<double> theta, Vector<double> g, ref Vector<double> first, ref Vector<double> second)
    {
        first = _mu * first + g;
        return theta - _eta * (g + _mu * first);
    }
}

/// <summary>
/// m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; θ ← θ − (η / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε), in PyTorch's order of operations.
/// </summary>
internal readonly struct AdamRule(double eta, double beta1, double beta2, double epsilon, long t) : IUpdateRule
{
    private readonly Vector<double> _beta1 = new(beta1), _oneMinusBeta1 = new(1 - beta1);
    private readonly Vector<double> _beta2 = new(beta2), _oneMinusBeta2 = new(1 - beta2);
    private readonly Vector<double> _epsilon = new(epsilon);
    private readonly Vector<double> _stepSize = new(eta / (1 - Math.Pow(beta1, t)));
    private readonly Vector<double> _sqrtCorrection2 = new(Math.Sqrt(1 - Math.Pow(beta2, t)));

    public static int StateVectors => 2;

    /// <remarks>The denominator is at least ε, so |θ'| ≤ |θ| + step·|m'| / ε.</remarks>
    public bool Bounded(double theta, double g, ref double first, ref double second, out double thetaAfter)
    {
        first = beta1 * first + (1 - beta1) * g;
        second = beta2 * second + (1 - beta2) * (g * g);
        thetaAfter = theta + eta / (1 - Math.Pow(beta1, t)) * (first / epsilon);
        return first <= UpdateBounds.Limit && second <= UpdateBounds.Limit && thetaAfter <= UpdateBounds.Limit;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Update(Vector<double> theta, Vector<double> g, ref Vector<double> first, ref Vector<double> second)
    {
        first = _beta1 * first + _oneMinusBeta1 * g;
        second = _beta2 * second + _oneMinusBeta2 * (g * g);
        var denominator = Vector.SquareRoot(second) / _sqrtCorrection2 + _epsilon;
        return theta - _stepSize * (first / denominator);
    }
}
