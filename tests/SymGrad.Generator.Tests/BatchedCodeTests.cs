using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>What the minibatch lowering writes: block forms from the op table, or per-example loops with a reason.</summary>
public class BatchedCodeTests
{
    private static string Between(string code, string from, string to) =>
        code[code.IndexOf(from, StringComparison.Ordinal)..code.IndexOf(to, code.IndexOf(from, StringComparison.Ordinal), StringComparison.Ordinal)];

    [Fact]
    public void A_dense_layer_becomes_matrix_products_and_a_block_activation()
    {
        var run = GeneratorHarness.Generate(SnapshotTests.ThreeLayer);
        Assert.Empty(run.CompilationProblems);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        string batch = Between(code, "public double GradientBatch<TLoss>", "public void InputGradient");
        // Two layers: two forward products, one Wᵀȳ for the hidden layer's adjoint, two weight gradients.
        Assert.Equal(2, batch.Split("Gemm.MultiplyTransposed(").Length - 1);
        Assert.Equal(1, batch.Split("Gemm.Multiply(").Length - 1);
        Assert.Equal(2, batch.Split("Kernels.AddOuterProducts(").Length - 1); // Aᵀ·X through the masked-zero check
        Assert.Equal(2, batch.Split("Kernels.Tanh(").Length - 1);
        Assert.DoesNotContain("Math.Tanh", batch);
        Assert.DoesNotContain("Gradient<TLoss>(", batch.Replace("GradientBatch<TLoss>(", string.Empty));
    }

    [Fact]
    public void A_score_that_does_not_depend_on_the_input_runs_per_example_and_says_why()
    {
        var run = GeneratorHarness.Generate(GeneratorHarness.Usings + """
            public static partial class Nets
            {
                [Model]
                public static double Constant([Shape("D")] Vec x, [Shape("H")] Vec v) => Dot(v, v);
            }
            """);
        Assert.True(run.Sources.Count == 1, string.Join("\n", run.SymGradDiagnostics.Concat(run.CompilationProblems)));
        string code = Assert.Single(run.Sources).SourceText.ToString();
        Assert.Contains("// ForwardBatch and GradientBatch run Forward and Gradient example by example: the model returns a value that does not depend on the input.", code);
        string batch = Between(code, "public double GradientBatch<TLoss>", "public void InputGradient");
        Assert.Contains("loss += Gradient<TLoss>(inputs.Slice(r * InputLength, InputLength), targets[r], gradient);", batch);
        Assert.DoesNotContain("Gemm", code);
    }
}
