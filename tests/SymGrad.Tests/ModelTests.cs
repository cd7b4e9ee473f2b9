using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>Every model in <see cref="Models"/>: gradients, reference semantics and allocation.</summary>
public class ModelTests
{
    public static readonly string[] Names =
    {
        "TwoLayer", "TwoLayerIndexed", "Rbf", "RbfIndexed", "Deep",
        "OpAddSub", "OpNeg", "OpHadamardAndScale", "OpDiv", "OpTanh", "OpExpLog", "OpSigmoid", "OpRelu",
        "OpSquareSqrt", "OpPow", "OpSqDist", "OpConstantDims", "OpConditional", "CustomActivations",
    };

    private static readonly Dictionary<string, int>[] s_dims =
    {
        new() { ["H"] = 1, ["D"] = 1, ["H1"] = 1, ["H2"] = 1, ["H3"] = 1 },
        new() { ["H"] = 3, ["D"] = 1, ["H1"] = 2, ["H2"] = 3, ["H3"] = 1 },
        new() { ["H"] = 5, ["D"] = 3, ["H1"] = 4, ["H2"] = 3, ["H3"] = 5 },
        new() { ["H"] = 16, ["D"] = 2, ["H1"] = 6, ["H2"] = 5, ["H3"] = 4 },
        new() { ["H"] = 9, ["D"] = 20, ["H1"] = 17, ["H2"] = 18, ["H3"] = 19 },
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in Names)
            for (int d = 0; d < s_dims.Length; d++) data.Add(name, d);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_central_finite_differences(string name, int dims)
    {
        for (int seed = 0; seed < 3; seed++)
        {
            var c = new ModelCase(name, s_dims[dims], seed);
            FiniteDifferences.AssertGradientMatches(c.Model, c.X, c.Y);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_equals_the_annotated_method(string name, int dims)
    {
        for (int seed = 0; seed < 3; seed++)
        {
            var c = new ModelCase(name, s_dims[dims], seed);
            double expected = c.Reference(c.X), actual = c.Model.Forward(c.X);
            Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected), $"{name}: Forward {actual:R} vs reference {expected:R}");
        }
    }

    [Theory]
    [InlineData("TwoLayer", "TwoLayerIndexed")]
    [InlineData("Rbf", "RbfIndexed")]
    public void Index_sum_notation_gives_the_vector_forms_gradient(string vector, string indexed)
    {
        foreach (var dims in s_dims)
        {
            var a = new ModelCase(vector, dims, seed: 3);
            var b = new ModelCase(indexed, dims, seed: 3);
            Assert.Equal(a.Model.Parameters.ToArray(), b.Model.Parameters.ToArray());
            var ga = new double[a.Model.ParameterCount];
            var gb = new double[b.Model.ParameterCount];
            a.Model.Gradient<SquaredLoss>(a.X, a.Y, ga);
            b.Model.Gradient<SquaredLoss>(b.X, b.Y, gb);
            for (int k = 0; k < ga.Length; k++)
                Assert.True(Math.Abs(ga[k] - gb[k]) <= 1e-12 * Math.Max(1, Math.Abs(ga[k])), $"component {k}: {ga[k]:R} vs {gb[k]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_Gradient_allocate_nothing(string name, int dims)
    {
        var c = new ModelCase(name, s_dims[dims], 7);
        var gradient = new double[c.Model.ParameterCount];
        double sink = 0;
        for (int k = 0; k < 100; k++) sink += c.Model.Forward(c.X) + c.Model.Gradient<SquaredLoss>(c.X, c.Y, gradient);

        Allocations.AssertNone(() => sink += c.Model.Forward(c.X) + c.Model.Gradient<SquaredLoss>(c.X, c.Y, gradient), 5_000, name);
        Assert.True(double.IsFinite(sink) || double.IsNaN(sink) == false);
    }
}
