namespace SymGrad.Tests;

/// <summary>
/// The plain-SGD step's 512-bit write (<c>StepKernel.PlainWide</c>, taken for ranges of 256 entries and more without L2
/// or decay) stores exactly what the element formula gives, θ − η·(g·s), clears the gradient and stays all or nothing,
/// on the checked first step and on the guarded steps after it; lengths cut the 8-lane vectors at every place.
/// </summary>
public class StepKernelTests
{
    // A scale that is not a power of two, so that any other order of the products rounds differently.
    private const double Eta = 0.03, Scale = 1.0 / 3;

    [Theory]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(263)]
    [InlineData(1000)]
    [InlineData(100_608)]
    public void The_wide_plain_step_gives_the_element_formulas_bits(int length)
    {
        var random = new Random(length);
        var theta = Values(random, length);
        var state = new OptimizerState(length, 0);
        // Two blocks, so the step's run of like blocks joins them; the first step checks, the later ones are guarded.
        Segment[] segments = [new(0, length / 3, true), new(length / 3, length - length / 3, false)];
        for (int step = 0; step < 3; step++)
        {
            var gradient = Values(random, length);
            var expected = new double[length];
            for (int i = 0; i < length; i++) expected[i] = theta[i] - Eta * (gradient[i] * Scale);

            Assert.True(Step(theta, gradient, segments, state));

            for (int i = 0; i < length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(theta[i]), $"step {step}, entry {i}: {theta[i]:R}, expected {expected[i]:R}");
            Assert.All(gradient, g => Assert.Equal(0.0, g));
        }
    }

    [Theory]
    [InlineData(300, false)]
    [InlineData(300, true)]
    [InlineData(4099, true)]
    public void A_wide_step_that_would_overflow_changes_nothing(int length, bool guarded)
    {
        var random = new Random(7);
        var theta = Values(random, length);
        var state = new OptimizerState(length, 0);
        Segment[] segments = [new(0, length, true)];
        if (guarded) Assert.True(Step(theta, Values(random, length), segments, state));
        var before = (double[])theta.Clone();
        var gradient = Values(random, length);
        gradient[length - 1] = double.MaxValue;

        Assert.False(Step(theta, gradient, segments, state, eta: 1e10));
        Assert.Equal(before, theta);
    }

    /// <summary>
    /// The guard bounds |gᵢ| by ‖g‖ from the sums of squares; squares of 10²⁰⁰ overflow to ∞, which proves nothing, so such
    /// a step must fall back to checking every value and, its results being finite, still be applied, with the formula's bits
    /// and the block's Σg² reported as ∞. Lengths 8 (whole vectors) and 11 (a padded tail).
    /// </summary>
    [Theory]
    [InlineData(8)]
    [InlineData(11)]
    public void A_gradient_whose_squares_overflow_but_whose_step_is_finite_is_applied(int length)
    {
        var random = new Random(3);
        var theta = Values(random, length);
        var state = new OptimizerState(length, 0);
        Segment[] segments = [new(0, length, false)];
        Assert.True(Step(theta, Values(random, length), segments, state)); // the checked first step; the next is guarded
        const double eta = 1e-210;
        var gradient = Values(random, length);
        gradient[length - 1] = 1e200;
        var expected = new double[length];
        for (int i = 0; i < length; i++) expected[i] = theta[i] - eta * (gradient[i] * Scale);
        var squares = new double[1];

        Assert.True(Step(theta, gradient, segments, state, eta, squares));

        for (int i = 0; i < length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(theta[i]), $"entry {i}: {theta[i]:R}, expected {expected[i]:R}");
        Assert.All(gradient, g => Assert.Equal(0.0, g));
        Assert.Equal(double.PositiveInfinity, squares[0]);
    }

    private static bool Step(double[] theta, double[] gradient, Segment[] segments, OptimizerState state, double eta = Eta, double[]? squares = null)
    {
        var input = new StepInput
        {
            Theta = theta, Gradient = gradient, Segments = segments, GradientScale = Scale, L2 = 0, LearningRate = eta, Shrink = 1,
            BlockSquares = squares ?? new double[segments.Length],
        };
        return StepKernel.TryApply(new PlainRule(eta), ref input, state);
    }

    private static double[] Values(Random random, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.NextDouble() * 4 - 2;
        return values;
    }
}
