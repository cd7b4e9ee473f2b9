namespace SymGrad.Tests;

/// <summary>
/// The fused step for a small θ (<c>StepKernel.TryApplyFused</c>, taken when the optimizer's state has a backup) stores the
/// bits the guarded passes store: θ, the optimizer's state and each block's Σg², for every update rule, with and without
/// L2 and decoupled decay, and for blocks that end in a partial vector. And it is all or nothing: a NaN or ∞ in the
/// gradient, or an update that overflows, leaves θ and the state exactly as they were.
/// </summary>
public class FusedStepTests
{
    private const double Eta = 0.03, Scale = 1.0 / 3;

    /// <summary>Block layouts: the two moons' (whole vectors only), and odd lengths that leave tails of 1 to 7 entries.</summary>
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (string rule in new[] { "sgd", "momentum", "nesterov", "adam" })
            foreach (string layout in new[] { "32,16,16", "5,8,3,1", "13,7,11" })
                cases.Add(rule, layout);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_fused_step_stores_the_guarded_steps_bits(string rule, string layout)
    {
        var segments = Layout(layout);
        int length = segments[^1].Offset + segments[^1].Length;
        var random = new Random(length);
        var fusedTheta = Values(random, length);
        var guardedTheta = (double[])fusedTheta.Clone();
        int vectors = StateVectors(rule);
        var fused = new OptimizerState(length, vectors, backup: true);
        var guarded = new OptimizerState(length, vectors);
        // Plain (scale 1, as at batch 1, and 1/3), then L2 on the decayed blocks, then decoupled decay, then both: each step
        // of the loop one of them.
        (double L2, double Shrink, double Scale)[] coefficients =
            [(0, 1, 1), (0, 1, Scale), (0.01, 1, Scale), (0, 0.999, Scale), (0.01, 0.999, 1), (0, 1, 1)];
        foreach (var (l2, shrink, scale) in coefficients)
        {
            var gradient = Values(random, length);
            var guardedGradient = (double[])gradient.Clone();
            double[] fusedSquares = new double[segments.Length], guardedSquares = new double[segments.Length];

            Assert.True(Step(rule, fusedTheta, gradient, segments, fused, l2, shrink, fusedSquares, scale: scale));
            Assert.True(Step(rule, guardedTheta, guardedGradient, segments, guarded, l2, shrink, guardedSquares, scale: scale));

            AssertBits(guardedTheta, fusedTheta, "θ");
            AssertBits(guarded.First, fused.First, "first state vector");
            AssertBits(guarded.Second, fused.Second, "second state vector");
            AssertBits(guardedSquares, fusedSquares, "block Σg²");
            Assert.All(gradient, g => Assert.Equal(0.0, g));
            Assert.Equal(guarded.Steps, fused.Steps);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_gradient_or_an_overflowing_update_changes_neither_theta_nor_the_state(string rule, string layout)
    {
        BadSteps(rule, layout, scale: Scale);
        BadSteps(rule, layout, scale: 1); // batch 1 without clipping: the pass without the product by the scale
    }

    private static void BadSteps(string rule, string layout, double scale)
    {
        var segments = Layout(layout);
        int length = segments[^1].Offset + segments[^1].Length;
        var random = new Random(7);
        var theta = Values(random, length);
        var state = new OptimizerState(length, StateVectors(rule), backup: true);
        Assert.True(Step(rule, theta, Values(random, length), segments, state)); // some state to keep
        // Bad entries in the first whole vector, in the middle, and in the last entry (a tail for the odd layouts).
        foreach (int at in new[] { 0, length / 2, length - 1 })
            foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300 })
            {
                var before = ((double[])theta.Clone(), (double[])state.First.Clone(), (double[])state.Second.Clone(), state.Steps);
                var gradient = Values(random, length);
                gradient[at] = bad;
                // 1e300 is finite: an η of 1e300 makes its update overflow (Adam's m/(√v + ε) is about 1 at any size, so
                // its step overflows through η alone).
                double eta = double.IsFinite(bad) || rule == "adam" ? 1e300 : Eta;

                Assert.False(Step(rule, theta, gradient, segments, state, eta: eta, scale: scale), $"entry {at} = {bad}, scale {scale}");

                AssertBits(before.Item1, theta, $"θ after a bad entry {at} = {bad}");
                AssertBits(before.Item2, state.First, $"first state vector after a bad entry {at} = {bad}");
                AssertBits(before.Item3, state.Second, $"second state vector after a bad entry {at} = {bad}");
                Assert.Equal(before.Steps, state.Steps);
            }
    }

    private static int StateVectors(string rule) => rule switch { "sgd" => 0, "adam" => 2, _ => 1 };

    private static bool Step(string rule, double[] theta, double[] gradient, Segment[] segments, OptimizerState state,
        double l2 = 0, double shrink = 1, double[]? squares = null, double eta = Eta, double scale = Scale)
    {
        var input = new StepInput
        {
            Theta = theta, Gradient = gradient, Segments = segments, GradientScale = scale, L2 = l2, LearningRate = eta,
            Shrink = shrink, BlockSquares = squares ?? new double[segments.Length],
        };
        return rule switch
        {
            "sgd" => StepKernel.TryApply(new PlainRule(eta), ref input, state),
            "momentum" => StepKernel.TryApply(new MomentumRule(eta, 0.9), ref input, state),
            "nesterov" => StepKernel.TryApply(new NesterovRule(eta, 0.9), ref input, state),
            _ => StepKernel.TryApply(new AdamRule(eta, 0.9, 0.999, 1e-8, state.Steps + 1), ref input, state),
        };
    }

    /// <summary>Consecutive blocks of the given lengths; every other one decayed, so L2 and decay differ between neighbours.</summary>
    private static Segment[] Layout(string lengths)
    {
        var segments = new List<Segment>();
        int offset = 0;
        foreach (int length in lengths.Split(',').Select(int.Parse))
        {
            segments.Add(new Segment(offset, length, segments.Count % 2 == 0));
            offset += length;
        }
        return [.. segments];
    }

    private static void AssertBits(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{what}, entry {i}: {actual[i]:R}, expected {expected[i]:R}");
    }

    private static double[] Values(Random random, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.NextDouble() * 4 - 2;
        return values;
    }
}
