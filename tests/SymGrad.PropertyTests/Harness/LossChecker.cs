using System.Reflection;
using CsCheck;
using SymGrad.PropertyTests.Generation;

namespace SymGrad.PropertyTests.Harness;

/// <summary>
/// The properties of a struct generated from a [Loss] method: Value equals calling the method itself, and
/// Derivative equals finite differences in the score, at random scores and targets. Returns why not, or null.
/// </summary>
public static class LossChecker
{
    private const int Points = 8;

    public static string? Check(LossFunctions loss, MethodInfo method, PCG random)
    {
        for (int k = 0; k < Points; k++)
        {
            // Scores over the whole range the loss was generated for, targets in [−1, 1].
            double g = ModelBuilder.ScoreRange.Hi * Uniform(random), y = Uniform(random);
            double expected = (double)method.Invoke(null, new object[] { g, y })!;
            if (!double.IsFinite(expected)) return $"the [Loss] method gives {expected} at g = {g:R}, y = {y:R}: the generator of cases let a domain slip";
            double value = loss.Value(g, y);
            if (!(Math.Abs(value - expected) <= ModelChecker.ForwardTolerance * Math.Max(1, Math.Abs(expected))))
                return $"{loss.Name}.Value({g:R}, {y:R}) = {value:R} but the [Loss] method gives {expected:R}";
            double derivative = loss.Derivative(g, y);
            double numeric = FiniteDifferences.Richardson(h => loss.Value(g + h, y));
            if (!(Math.Abs(derivative - numeric) <= ModelChecker.GradientTolerance * Math.Max(1, Math.Abs(derivative))))
                return $"{loss.Name}.Derivative({g:R}, {y:R}) = {derivative:R}, finite differences {numeric:R}";
        }
        return null;
    }

    private static double Uniform(PCG random) => 2.0 * random.Next() / uint.MaxValue - 1;
}
