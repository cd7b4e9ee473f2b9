using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>
/// Which weight matrices GradientFactored keeps as two factors: those whose only gradient contribution is one outer
/// product (W̄ = a cᵀ). A matrix used twice, or also reached by another kind of term, keeps its dense gradient.
/// </summary>
public class FactoredGradientTests
{
    private static string Generate(string body)
    {
        var run = GeneratorHarness.Generate(GeneratorHarness.Usings + "public static partial class Nets\n{\n" + body + "\n}\n");
        Assert.True(run.CompilationProblems.Count == 0 && run.Sources.Count == 1, string.Join("\n", run.SymGradDiagnostics.Concat(run.CompilationProblems)));
        return run.Sources[0].SourceText.ToString();
    }

    /// <summary>The lines of the constructor's list of factored blocks, or empty when the model has none.</summary>
    private static string[] FactoredBlocks(string code)
    {
        int start = code.IndexOf("_factored = new global::SymGrad.FactoredBlock[]", StringComparison.Ordinal);
        if (start < 0)
        {
            Assert.DoesNotContain("IFactored", code);
            Assert.DoesNotContain("GradientFactored", code);
            return [];
        }
        Assert.Contains(", global::SymGrad.IFactored", code);
        string list = code[start..code.IndexOf("};", start, StringComparison.Ordinal)];
        return [.. list.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("new(", StringComparison.Ordinal))];
    }

    [Fact]
    public void The_two_layer_nets_W_is_factored_into_its_adjoint_and_the_input()
    {
        var run = GeneratorHarness.Generate(SnapshotTests.TwoLayer);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        Assert.Equal(["new(0, 0, H, ColumnsAreInput: true), // W"], FactoredBlocks(code));
        Assert.Contains("_factorLength = H + D;", code);
    }

    [Fact]
    public void Every_layer_of_a_deep_net_is_factored_with_the_hidden_activation_as_its_columns_factor()
    {
        var run = GeneratorHarness.Generate(SnapshotTests.ThreeLayer);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        Assert.Equal(["new(0, 0, H1, ColumnsAreInput: true), // W1", "new(2, H1 + D, H1 + D + H2), // W2"], FactoredBlocks(code));
        Assert.Contains("h1Buffer.CopyTo(factors.Slice(H1 + D + H2, H1));", code);
    }

    [Fact]
    public void A_matrix_used_twice_is_not_factored()
    {
        string code = Generate("""
            [Model]
            public static double Twice(Vec x, [Shape("H", "H")] Mat W, [Shape("H")] Vec v) => Dot(v, Tanh(W * Tanh(W * x)));
            """);
        Assert.Empty(FactoredBlocks(code));
    }

    [Fact]
    public void A_matrix_with_another_kind_of_gradient_term_is_not_factored_but_the_others_are()
    {
        string code = Generate("""
            [Model]
            public static double Mixed(Vec x, [Shape("H", "D")] Mat W, [Shape("H", "D")] Mat U, [Shape("H")] Vec v)
                => Dot(v, Tanh(W * x + U * x)) + Sum(SqDist(W, x));
            """);
        // W also gets the row-wise squared distance's dense term; U's only term is t̄ xᵀ.
        Assert.Equal(["new(1, 0, H, ColumnsAreInput: true), // U"], FactoredBlocks(code));
    }

    [Fact]
    public void A_float32_model_gets_the_same_factored_gradient_in_float()
    {
        string code = Generate("""
            [Model(Precision = Precision.Float32)]
            public static double Small(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v) => Dot(v, Tanh(W * x));
            """);
        Assert.Equal(["new(0, 0, H, ColumnsAreInput: true), // W"], FactoredBlocks(code));
        Assert.Contains("public sealed class SmallModelFloat32 : global::SymGrad.IModel<float>, global::SymGrad.IFactoredGradient<float>, global::SymGrad.IFactoredBatchGradient<float>", code);
        Assert.Contains("public double GradientFactored<TLoss>(global::System.ReadOnlySpan<float> x, float y, global::System.Span<float> gradient, global::System.Span<float> factors)", code);
    }

    [Fact]
    public void A_vector_model_gets_a_factored_gradient_against_class_labels()
    {
        string code = Generate("""
            [Model]
            public static Vec Scores(Vec x, [Shape("K", "D")] Mat W) => W * x;
            """);
        Assert.Equal(["new(0, 0, K, ColumnsAreInput: true), // W"], FactoredBlocks(code));
        Assert.Contains("public sealed class ScoresModel : global::SymGrad.IVectorModel, global::SymGrad.IFactoredClassGradient<double>, global::SymGrad.IFactoredClassBatchGradient<double>", code);
        Assert.Contains("public double GradientFactored<TLoss>(global::System.ReadOnlySpan<double> x, int y, global::System.Span<double> gradient, global::System.Span<double> factors) where TLoss : global::SymGrad.IClassLoss", code);
    }

    [Fact]
    public void A_minibatch_keeps_each_layers_factors_as_blocks_copying_all_but_the_input()
    {
        var run = GeneratorHarness.Generate(SnapshotTests.ThreeLayer);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        string factored = GeneratorHarness.Between(code, "public double GradientBatchFactored<TLoss>", "// The sweep of GradientBatch");
        Assert.Contains("global::SymGrad.Kernels.CheckLength(factors.Length, count * _factorLength, \"factors\", \"The factors\");", factored);
        Assert.Contains("return GradientBatch<TLoss>(count, inputs, targets, gradient, factors);", factored);
        Assert.Contains("return GradientBatch<TLoss>(count, inputs, targets, gradient, default);", GeneratorHarness.Between(code, "public double GradientBatch<TLoss>", "/// <summary>"));
        // One sweep for both: each weight gradient is the product, or W1's rows' factor at B·0 (its columns the inputs,
        // not copied) and W2's at B·(H1 + D) and B·(H1 + D + H2).
        string sweep = GeneratorHarness.GradientBatchOf(code);
        Assert.Equal(2, sweep.Split("if (factors.IsEmpty) global::SymGrad.Kernels.AddOuterProducts(").Length - 1);
        Assert.Contains(".CopyTo(factors.Slice(0, count * H1));", sweep);
        Assert.Contains(".CopyTo(factors.Slice(count * (H1 + D), count * H2));", sweep);
        Assert.Contains("h1Block.CopyTo(factors.Slice(count * (H1 + D + H2), count * H1));", sweep);
        Assert.DoesNotContain("inputs.CopyTo", sweep);
    }

    [Fact]
    public void A_minibatch_whose_factored_sum_is_not_one_product_keeps_no_factors()
    {
        // Per example W̄ = t̄ uᵀ is rank 1, but over a minibatch u is one vector for all rows: Σᵣ t̄ᵣ uᵀ is no product of
        // two blocks, so GradientBatch sums it another way and keeps no factors.
        string code = Generate("""
            [Model]
            public static double Shifted(Vec x, [Shape("H", "K")] Mat W, [Shape("K")] Vec u, [Shape("H", "D")] Mat U, [Shape("H")] Vec v)
                => Dot(v, Tanh(W * u + U * x));
            """);
        Assert.Equal(["new(0, 0, H), // W", "new(2, H + K, 2 * H + K, ColumnsAreInput: true), // U"], FactoredBlocks(code));
        Assert.DoesNotContain("GradientBatchFactored", code);
        Assert.DoesNotContain("IFactoredBatchGradient", code);
    }
}
