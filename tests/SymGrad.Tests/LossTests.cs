namespace SymGrad.Tests;

/// <summary>The built-in losses: values, derivatives against finite differences, no overflow.</summary>
public class LossTests
{
    public static TheoryData<double, double> Points => new()
    {
        { -3.0, 1 }, { -0.5, 1 }, { 0.0, 1 }, { 0.4, 1 }, { 2.5, 1 }, { -2.0, -1 }, { 0.3, -1 }, { 1.7, -1 }, { 0.25, 0.5 },
    };

    private static void AssertDerivative<TLoss>(double g, double y) where TLoss : ILoss
    {
        const double h = 1e-5;
        double numeric = (TLoss.Value(g + h, y) - TLoss.Value(g - h, y)) / (2 * h);
        Assert.Equal(numeric, TLoss.Derivative(g, y), 7);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Derivatives_match_finite_differences(double g, double y)
    {
        AssertDerivative<SquaredLoss>(g, y);
        AssertDerivative<LogisticLoss>(g, y);
        if (Math.Abs(1 - y * g) > 1e-3) AssertDerivative<HingeLoss>(g, y); // away from the hinge's kink
    }

    [Fact]
    public void Values_are_the_documented_formulas()
    {
        Assert.Equal(Math.Pow(0.7 - 0.2, 2), SquaredLoss.Value(0.2, 0.7), 15);
        Assert.Equal(Math.Log(1 + Math.Exp(-0.5)), LogisticLoss.Value(0.5, 1), 15);
        Assert.Equal(Math.Log(2), LogisticLoss.Value(0, -1), 15);
        Assert.Equal(0.5, HingeLoss.Value(0.5, 1));
        Assert.Equal(0, HingeLoss.Value(2, 1));
        Assert.Equal(3, HingeLoss.Value(2, -1));
    }

    [Fact]
    public void Logistic_loss_does_not_overflow_for_large_scores()
    {
        Assert.Equal(1000, LogisticLoss.Value(-1000, 1), 9);
        Assert.Equal(0, LogisticLoss.Value(1000, 1));
        Assert.Equal(-1, LogisticLoss.Derivative(-1000, 1));
        Assert.Equal(0, LogisticLoss.Derivative(1000, 1));
        Assert.True(double.IsFinite(LogisticLoss.Value(1e308, -1)));
    }

    [Fact]
    public void Hinge_subgradient_at_the_kink_is_zero()
    {
        Assert.Equal(0, HingeLoss.Derivative(1, 1));
        Assert.Equal(0, HingeLoss.Derivative(-1, -1));
        Assert.Equal(-1, HingeLoss.Derivative(0.999, 1));
    }
}
