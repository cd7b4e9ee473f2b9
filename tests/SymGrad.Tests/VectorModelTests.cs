using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>Vector-valued models: reference semantics, finite-difference gradients for every class and vector loss, Predict, allocation.</summary>
public class VectorModelTests
{
    private static Dictionary<string, int> Dims(int d, int h, int k) => new() { ["D"] = d, ["H"] = h, ["G"] = h + 1, ["K"] = k };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "Mlp", "MlpLocals", "DeepSoftmax", "FourLayer", "OpsVector" })
            foreach (int k in new[] { 1, 2, 3, 10 })
                data.Add(name, k);
        data.Add("Linear3", 3);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_is_the_method_itself(string name, int k)
    {
        foreach (int seed in new[] { 1, 2 })
        {
            var c = new VectorModelCase(name, Dims(3, 4, k), seed);
            Assert.Equal(k == 1 && name == "Linear3" ? 3 : name == "Linear3" ? 3 : k, c.Model.OutputLength);
            var expected = c.Reference(c.X);
            var actual = c.Scores(c.X);
            for (int j = 0; j < expected.Length; j++) Assert.Equal(expected[j], actual[j], 12);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences_for_every_loss(string name, int k)
    {
        foreach (int seed in new[] { 3, 4 })
        {
            var c = new VectorModelCase(name, Dims(3, 4, k), seed);
            c.AssertClassGradient<SoftmaxCrossEntropy>();
            c.AssertClassGradient<Models.SmoothedLoss>();
            c.AssertVectorGradient<VectorSquaredLoss>();
            if (k > 1) c.AssertClassGradient<MulticlassHinge>(1e-6);
        }
    }

    [Fact]
    public void Gradient_accumulates_and_checks_its_arguments_before_writing()
    {
        var c = new VectorModelCase("Mlp", Dims(3, 4, 3), 5);
        var once = new double[c.Model.ParameterCount];
        c.Model.Gradient<SoftmaxCrossEntropy>(c.X, 2, once);
        var twice = (double[])once.Clone();
        c.Model.Gradient<SoftmaxCrossEntropy>(c.X, 2, twice);
        for (int j = 0; j < once.Length; j++) Assert.Equal(2 * once[j], twice[j], 12);

        var untouched = new double[c.Model.ParameterCount];
        var label = Assert.Throws<ArgumentOutOfRangeException>(() => c.Model.Gradient<SoftmaxCrossEntropy>(c.X, 3, untouched));
        Assert.Equal("y", label.ParamName);
        Assert.Contains("0..2", label.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Model.Gradient<SoftmaxCrossEntropy>(c.X, -1, untouched));
        Assert.Throws<ArgumentException>(() => c.Model.Gradient<VectorSquaredLoss>(c.X, new double[2], untouched));
        Assert.Throws<ArgumentException>(() => c.Model.Forward(c.X, new double[4]));
        Assert.All(untouched, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Predict_is_the_argmax_with_ties_to_the_lowest_index()
    {
        var c = new VectorModelCase("Linear3", Dims(2, 1, 3), 6);
        var theta = c.Model.Parameters;
        theta.Clear();
        var b = c.Model.Blocks.Single(x => x.Name == "b");
        double[] x = { 0.5, -1 };
        theta[b.Offset + 1] = 2; theta[b.Offset + 2] = 2;
        Assert.Equal(1, c.Model.Predict(x));
        theta[b.Offset + 2] = 2.5;
        Assert.Equal(2, c.Model.Predict(x));
        theta[b.Offset] = double.NaN;
        Assert.Throws<InvalidOperationException>(() => c.Model.Predict(x));
    }

    [Fact]
    public void A_constant_index_is_checked_against_a_named_dimension()
    {
        // OpsVector reads a[1] and x[0]: H must be at least 2 and D at least 1.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Models.OpsVectorModel(H: 1, D: 3, K: 2, seed: 1));
        Assert.Equal("H", e.ParamName);
        Assert.Contains("a[1]", e.Message);
    }

    [Fact]
    public void Forward_Predict_and_Gradient_allocate_nothing()
    {
        var c = new VectorModelCase("Mlp", Dims(8, 16, 10), 7);
        var scores = new double[10];
        var gradient = new double[c.Model.ParameterCount];
        var target = c.Target;
        for (int w = 0; w < 100; w++)
        {
            c.Model.Forward(c.X, scores);
            c.Model.Predict(c.X);
            c.Model.Gradient<SoftmaxCrossEntropy>(c.X, 3, gradient);
            c.Model.Gradient<VectorSquaredLoss>(c.X, target, gradient);
        }
        Allocations.AssertNone(() => c.Model.Forward(c.X, scores), 1000, "Forward");
        Allocations.AssertNone(() => c.Model.Predict(c.X), 1000, "Predict");
        Allocations.AssertNone(() => c.Model.Gradient<SoftmaxCrossEntropy>(c.X, 3, gradient), 1000, "Gradient<SoftmaxCrossEntropy>");
        Allocations.AssertNone(() => c.Model.Gradient<Models.SmoothedLoss>(c.X, 3, gradient), 1000, "Gradient<SmoothedLoss>");
        Allocations.AssertNone(() => c.Model.Gradient<VectorSquaredLoss>(c.X, target, gradient), 1000, "Gradient<VectorSquaredLoss>");
    }
}
