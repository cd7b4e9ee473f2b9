using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>[Loss] methods: the generated ILoss structs against the methods themselves and finite differences.</summary>
public class UserLossTests
{
    public static TheoryData<double, double> Points => new() { { -2.5, 1 }, { -0.3, -1 }, { 0, 1 }, { 0.7, 0.2 }, { 3.1, -1 } };

    [Theory]
    [MemberData(nameof(Points))]
    public void Value_is_the_method_and_Derivative_matches_finite_differences(double g, double y)
    {
        Assert.Equal(Models.Cauchy(g, y), Models.CauchyLoss.Value(g, y), 15);
        Assert.Equal(Models.SoftMargin(g, y), Models.SoftMarginLoss.Value(g, y), 15);
        Assert.Equal(Models.WeightedSquared(g, y), Models.WeightedSquaredLoss.Value(g, y), 15);
        const double h = 1e-5;
        Assert.Equal((Models.Cauchy(g + h, y) - Models.Cauchy(g - h, y)) / (2 * h), Models.CauchyLoss.Derivative(g, y), 8);
        Assert.Equal((Models.SoftMargin(g + h, y) - Models.SoftMargin(g - h, y)) / (2 * h), Models.SoftMarginLoss.Derivative(g, y), 8);
        Assert.Equal((Models.WeightedSquared(g + h, y) - Models.WeightedSquared(g - h, y)) / (2 * h), Models.WeightedSquaredLoss.Derivative(g, y), 8);
    }

    [Fact]
    public void A_user_loss_trains_a_generated_model()
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var c = new ModelCase("TwoLayer", new Dictionary<string, int> { ["H"] = 5, ["D"] = 3 }, seed);
            FiniteDifferences.AssertGradientMatches<Models.CauchyLoss>(c.Model, c.X, c.Y);
            FiniteDifferences.AssertGradientMatches<Models.SoftMarginLoss>(c.Model, c.X, c.Y);
            FiniteDifferences.AssertGradientMatches<Models.WeightedSquaredLoss>(c.Model, c.X, c.Y);
            FiniteDifferences.AssertGradientMatches<LogisticLoss>(c.Model, c.X, c.Y);
        }
    }
}
