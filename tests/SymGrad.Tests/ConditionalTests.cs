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
        "GuardedLog", "GuardedDivision", "GuardedRoot", "GuardedLayer", "GuardedDifference", "GuardedPieces", "GuardedEntrySum", "GuardedRows", "DeadBranch",
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

    /// <summary>
    /// A minibatch mixes examples that take either branch: its gradient, through the matrix–matrix products, must be the
    /// per-example sum, without the NaN of an unchosen branch's values multiplied by their masked 0 adjoint.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void A_minibatch_of_both_branches_adds_only_the_chosen_ones(string name)
    {
        for (int seed = 0; seed < 3; seed++)
        {
            var c = new ModelCase(name, new Dictionary<string, int> { ["D"] = 3, ["H"] = 2 }, seed);
            double[] xs = [.. s_inputs.SelectMany(x => x)];
            double[] ys = [.. s_inputs.Select((_, k) => c.Y + k)];
            var expected = new double[c.Model.ParameterCount];
            double expectedLoss = 0;
            for (int k = 0; k < s_inputs.Length; k++) expectedLoss += c.Model.Gradient<SquaredLoss>(s_inputs[k], ys[k], expected);
            var actual = new double[c.Model.ParameterCount];
            double loss = c.Model.GradientBatch<SquaredLoss>(xs, ys, actual);
            Assert.Equal(expectedLoss, loss, 12);
            for (int j = 0; j < expected.Length; j++)
                Assert.True(Math.Abs(actual[j] - expected[j]) <= 1e-12 * Math.Max(1, Math.Abs(expected[j])),
                    $"{name}, seed {seed}, entry {j}: batched {actual[j]:R}, per-example sum {expected[j]:R}");
        }
    }

    [Fact]
    public void A_parameter_divisor_of_0_in_the_unchosen_branch_adds_nothing()
    {
        var model = new Models.GuardedParameterDivisorModel(D: 3, seed: 0);
        model.c[0] = 0.5;
        model.w[0] = 0.0;
        double[] x = [-1.0, 0.2, 0.3];
        var gradient = new double[2];
        model.Gradient<SquaredLoss>(x, 1.0, gradient);
        // L = (y − c)², so ∂L/∂c = −2(1 − 0.5) = −1; w only enters the branch that was not chosen.
        Assert.Equal([-1.0, 0.0], gradient);
    }

    [Fact]
    public void A_constant_condition_leaves_no_NaN_from_its_dead_branch()
    {
        var model = new Models.ConstantGuardModel(D: 3, seed: 0);
        model.w[0] = 0.5;
        double[] x = [1.0, 0.2, 0.3];
        var gradient = new double[1];
        model.Gradient<SquaredLoss>(x, 1.0, gradient);
        // f = w·Σx = 0.75, L = (1 − f)², ∂L/∂w = −2(1 − 0.75)·1.5.
        Assert.Equal(-2 * (1 - 0.75) * 1.5, gradient[0], 12);
    }

    [Fact]
    public void Losses_with_an_unchosen_branch_that_is_not_finite_have_finite_derivatives()
    {
        Assert.Equal(1.0, Models.CrossEntropyLoss.Derivative(0.0, 0.0), 12);     // −log(1 − g) at g = 0
        Assert.Equal(-1.0, Models.CrossEntropyLoss.Derivative(1.0, 1.0), 12);    // −log g at g = 1
        Assert.Equal(0.0, Models.OverflowingLoss.Derivative(1.0, -1.0));
        Assert.Equal(0.0, Models.SharedQuotientLoss.Derivative(0.0, -1.0));
        Assert.Equal(0.0, Models.SharedQuotientLoss.Value(0.0, -1.0));
        Assert.Equal(1.0 / 2.0 - 1.0 / 4.0, Models.SharedQuotientLoss.Derivative(2.0, 1.0), 12);   // 1/g − 1/g²
        Assert.Equal(0.0, Models.SharedProductLoss.Derivative(0.0, -1.0));
        Assert.Equal(0.0, Models.SharedProductLoss.Derivative(-1.0, -1.0));
        Assert.Equal(0.5 * Math.Pow(4.0, -0.5), Models.SharedProductLoss.Derivative(4.0, 0.5), 12);
        Assert.Equal(Models.Overflowing(0.001, 1.0), Models.OverflowingLoss.Value(0.001, 1.0), 12);
    }
}
