using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>Gradients of guarded branches are finite and exact on inputs where the unchosen branch is NaN or infinite.</summary>
public class ConditionalTests
{
    // Each input has entries (or a sum) on both sides of the guard, zeros included.
    private static readonly double[][] s_inputs =
    {
        [-1.5, 0.0, 2.0],
        [0.7, -0.2, 0.0],
        [-0.3, -0.4, -0.5],
        [1.0, 2.0, 0.5],
        [1.0, -1.0, 0.0],
    };

    public static TheoryData<string> Names => new()
    {
        "GuardedLog", "GuardedDivision", "GuardedRoot", "GuardedLayer", "GuardedDifference", "GuardedPieces", "GuardedEntrySum", "GuardedRows",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void The_unchosen_branch_adds_nothing_to_the_gradient(string name)
    {
        for (int seed = 0; seed < 3; seed++)
            foreach (double[] x in s_inputs)
            {
                var c = new ModelCase(name, new Dictionary<string, int> { ["D"] = 3, ["H"] = 2 }, seed);
                Assert.Equal(c.Reference(x), c.Model.Forward(x), 12);
                var gradient = new double[c.Model.ParameterCount];
                c.Model.Gradient<SquaredLoss>(x, c.Y, gradient);
                Assert.All(gradient, g => Assert.True(double.IsFinite(g), $"{name} at x = [{string.Join(", ", x)}]: gradient {string.Join(", ", gradient)}"));
                FiniteDifferences.AssertGradientMatches(c.Model, x, c.Y);
            }
    }
}
