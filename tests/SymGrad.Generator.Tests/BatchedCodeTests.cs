using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>What the minibatch lowering writes: block forms from the op table, or per-example loops with a reason.</summary>
public class BatchedCodeTests
{
    [Fact]
    public void A_dense_layer_becomes_matrix_products_and_a_block_activation()
    {
        var run = GeneratorHarness.Generate(SnapshotTests.ThreeLayer);
        Assert.Empty(run.CompilationProblems);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        string batch = GeneratorHarness.GradientBatchOf(code);
        // Two layers: two forward products, one Wᵀȳ for the hidden layer's adjoint, two weight gradients.
        Assert.Equal(2, batch.Split("Gemm.MultiplyTransposed(").Length - 1);
        Assert.Equal(1, batch.Split("Gemm.Multiply(").Length - 1);
        Assert.Equal(2, batch.Split("Kernels.AddOuterProducts(").Length - 1); // Aᵀ·X through the masked-zero check
        Assert.Equal(2, batch.Split("Kernels.Tanh(").Length - 1);
        Assert.DoesNotContain("Math.Tanh", batch);
        Assert.DoesNotContain("Gradient<TLoss>(", batch.Replace("GradientBatch<TLoss>(", string.Empty));
    }

    [Fact]
    public void Row_dot_products_and_vector_gradient_sums_become_whole_block_kernels()
    {
        var run = GeneratorHarness.Generate(SnapshotTests.ThreeLayer);
        Assert.Empty(run.CompilationProblems);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        string batch = GeneratorHarness.GradientBatchOf(code);
        // v · h2 per row is [h2] v; v̄ += Σ_r t̄6 h2 is [h2]ᵀ[t̄6]; b̄1 and b̄2 are column sums; c̄ (a scalar) stays a row loop.
        Assert.Contains("global::SymGrad.Kernels.MatVec(h2Block, v, t5Block);", batch);
        Assert.Contains("global::SymGrad.Kernels.AddTransposedMatVec(h2Block, t6BarBlock, vBar, count);", batch);
        Assert.Contains("global::SymGrad.Kernels.AddColumnSums(t4BarBlock, b2Bar, count);", batch);
        Assert.Contains("global::SymGrad.Kernels.AddColumnSums(t2BarBlock, b1Bar, count);", batch);
        Assert.Contains("gradient[_offset_c] += t6BarBlock[r];", batch);
        Assert.DoesNotContain("Bar[i] += t", batch);
    }

    [Fact]
    public void A_value_computed_only_for_a_gradient_sum_is_summed_in_its_row_loop_and_never_stored()
    {
        var run = GeneratorHarness.Generate(SnapshotTests.RbfVector);
        Assert.Empty(run.CompilationProblems);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        string batch = GeneratorHarness.GradientBatchOf(code);
        // γ̄ += Σ_r −(t̄3 ⊙ t2): a column sum would first have to store the product's block; v̄'s factors are stored anyway.
        Assert.Contains("gammaBar[i] += -(t3BarBlock[r * H + i] * t2Block[r * H + i]);", batch);
        Assert.DoesNotContain("AddColumnSums", batch);
        Assert.Contains("global::SymGrad.Kernels.AddTransposedMatVec(t4Block, t5BarBlock, vBar, count);", batch);
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
        string batch = GeneratorHarness.GradientBatchOf(code);
        Assert.Contains("loss += Gradient<TLoss>(inputs.Slice(r * InputLength, InputLength), targets[r], gradient);", batch);
        Assert.DoesNotContain("Gemm", code);
    }
}
