using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>Gradients with respect to the input (saliency): ∂f/∂x of scalar models, ∂sₖ/∂x and ∂L/∂x of vector models, against finite differences.</summary>
public class InputGradientTests
{
    private static readonly Dictionary<string, int> s_dims = new() { ["H"] = 5, ["D"] = 3, ["H1"] = 4, ["H2"] = 3, ["H3"] = 5, ["G"] = 4, ["K"] = 4 };

    public static TheoryData<string> ScalarModels() => new(ModelTests.Names.Append("OpsScalar"));

    [Theory]
    [MemberData(nameof(ScalarModels))]
    public void Scalar_input_gradient_matches_finite_differences(string name)
    {
        for (int seed = 0; seed < 3; seed++)
        {
            var c = new ModelCase(name, s_dims, seed);
            var analytic = new double[c.Model.InputLength];
            c.Model.InputGradient(c.X, analytic);
            var x = (double[])c.X.Clone();
            for (int d = 0; d < x.Length; d++)
            {
                double saved = x[d], h = 1e-5 * Math.Max(1, Math.Abs(saved));
                x[d] = saved + h; double plus = c.Model.Forward(x);
                x[d] = saved - h; double minus = c.Model.Forward(x);
                x[d] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[d]) <= 1e-6 * Math.Max(1, Math.Abs(analytic[d])),
                    $"{name}: ∂f/∂x[{d}] analytic {analytic[d]:R} vs numeric {numeric:R}");
            }
        }
    }

    [Theory]
    [InlineData("Mlp")]
    [InlineData("DeepSoftmax")]
    [InlineData("FourLayer")]
    [InlineData("OpsVector")]
    [InlineData("Linear3")]
    public void Saliency_and_loss_input_gradient_match_finite_differences(string name)
    {
        for (int seed = 0; seed < 2; seed++)
        {
            var c = new VectorModelCase(name, s_dims, seed);
            var x = (double[])c.X.Clone();
            for (int k = 0; k < c.Model.OutputLength; k++)
            {
                var saliency = new double[x.Length];
                c.Model.Saliency(x, k, saliency);
                int kk = k;
                c.AssertClose(saliency, c.Numeric(x, s => s[kk], x), $"∂s{k}/∂x");
            }
            var lossGradient = new double[x.Length];
            double loss = c.Model.LossGradient<SoftmaxCrossEntropy>(x, c.Label, lossGradient);
            Assert.Equal(SoftmaxCrossEntropy.Value(c.Scores(x), c.Label), loss, 12);
            c.AssertClose(lossGradient, c.Numeric(x, s => SoftmaxCrossEntropy.Value(s, c.Label), x), "∂L/∂x");
        }
    }

    [Fact]
    public void Input_gradients_allocate_nothing_and_accumulate()
    {
        var c = new VectorModelCase("Mlp", s_dims, 9);
        var g = new double[c.Model.InputLength];
        var scalar = new ModelCase("TwoLayer", s_dims, 9);
        var h = new double[scalar.Model.InputLength];
        for (int w = 0; w < 100; w++) { c.Model.Saliency(c.X, 1, g); c.Model.LossGradient<SoftmaxCrossEntropy>(c.X, 2, g); scalar.Model.InputGradient(scalar.X, h); }
        Allocations.AssertNone(() => c.Model.Saliency(c.X, 1, g), 1000, "Saliency");
        Allocations.AssertNone(() => c.Model.LossGradient<SoftmaxCrossEntropy>(c.X, 2, g), 1000, "LossGradient");
        Allocations.AssertNone(() => scalar.Model.InputGradient(scalar.X, h), 1000, "InputGradient");

        var once = new double[h.Length];
        scalar.Model.InputGradient(scalar.X, once);
        var twice = (double[])once.Clone();
        scalar.Model.InputGradient(scalar.X, twice);
        for (int d = 0; d < once.Length; d++) Assert.Equal(2 * once[d], twice[d], 12);
        Assert.Throws<ArgumentException>(() => scalar.Model.InputGradient(scalar.X, new double[h.Length + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Model.Saliency(c.X, c.Model.OutputLength, g));
    }
}
