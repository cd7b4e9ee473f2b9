namespace SymGrad.Tests;

/// <summary>The losses over a score vector: values, derivatives against finite differences, and stability at extreme scores.</summary>
public class ClassLossTests
{
    public static TheoryData<double[], int> Points => new()
    {
        { new[] { 0.3, -1.2, 2.0 }, 0 },
        { new[] { 0.3, -1.2, 2.0 }, 2 },
        { new[] { 1.0, 1.0, 1.0, 1.0 }, 1 },
        { new[] { -0.5, 0.25 }, 1 },
    };

    private static double[] Numeric(Func<double[], double> f, double[] s)
    {
        var g = new double[s.Length];
        for (int k = 0; k < s.Length; k++)
        {
            var p = (double[])s.Clone(); p[k] += 1e-6;
            var m = (double[])s.Clone(); m[k] -= 1e-6;
            g[k] = (f(p) - f(m)) / 2e-6;
        }
        return g;
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Derivatives_match_finite_differences(double[] s, int y)
    {
        var seed = new double[s.Length];
        SoftmaxCrossEntropy.Derivative(s, y, seed);
        var numeric = Numeric(v => SoftmaxCrossEntropy.Value(v, y), s);
        for (int k = 0; k < s.Length; k++) Assert.Equal(numeric[k], seed[k], 8);
        Assert.Equal(0.0, seed.Sum(), 12);

        var target = s.Select((v, k) => v + k - 1.0).ToArray();
        VectorSquaredLoss.Derivative(s, target, seed);
        numeric = Numeric(v => VectorSquaredLoss.Value(v, target), s);
        for (int k = 0; k < s.Length; k++) Assert.Equal(numeric[k], seed[k], 6);

        Models.SmoothedLoss.Derivative(s, y, seed);
        numeric = Numeric(v => Models.Smoothed(new Vec(v), y), s);
        for (int k = 0; k < s.Length; k++) Assert.Equal(numeric[k], seed[k], 8);
        Assert.Equal(Models.Smoothed(new Vec(s), y), Models.SmoothedLoss.Value(s, y), 14);
    }

    [Fact]
    public void Softmax_cross_entropy_is_finite_for_extreme_scores()
    {
        foreach (double big in new[] { 1e3, 1e300 })
        {
            double[] s = { big, -big, 0 };
            var seed = new double[3];
            foreach (int y in new[] { 0, 1, 2 })
            {
                double value = SoftmaxCrossEntropy.Value(s, y);
                SoftmaxCrossEntropy.Derivative(s, y, seed);
                Assert.True(double.IsFinite(value), $"L({big}, y = {y}) = {value}");
                Assert.All(seed, v => Assert.True(double.IsFinite(v)));
                Assert.Equal(y == 0 ? 0.0 : 1.0, seed[0], 12);      // softmax puts all mass on the huge score
                Assert.Equal(y == 0 ? 0.0 : big - (y == 1 ? -big : 0), value, 12);
            }
            Assert.True(double.IsFinite(Kernels.LogSumExp(new[] { -big, -big })));
            Assert.Equal(Math.Log(2) - big, Kernels.LogSumExp(new[] { -big, -big }), 12);
        }
    }

    [Fact]
    public void Multiclass_hinge_is_Crammer_Singer()
    {
        double[] s = { 0.5, 2.0, 1.8 };
        var seed = new double[3];
        Assert.Equal(1 + 2.0 - 0.5, MulticlassHinge.Value(s, 0), 12);   // the most offending rival is class 1
        MulticlassHinge.Derivative(s, 0, seed);
        Assert.Equal(new[] { -1.0, 1.0, 0.0 }, seed);
        Assert.Equal(Math.Max(0, 1 + 2.0 - 1.8), MulticlassHinge.Value(s, 2), 12);
        Assert.Equal(0.0, MulticlassHinge.Value(new[] { 3.0, 1.0, 0.5 }, 0));   // margin ≥ 1: no loss, no gradient
        MulticlassHinge.Derivative(new[] { 3.0, 1.0, 0.5 }, 0, seed);
        Assert.All(seed, v => Assert.Equal(0.0, v));
    }
}
