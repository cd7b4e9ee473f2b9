using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>What the optimiser leaves out of the generated code, read from the code itself.</summary>
public class OptimizationTests
{
    [Fact]
    public void A_constant_condition_leaves_no_backward_work_for_its_dead_branch()
    {
        var run = GeneratorHarness.Generate(GeneratorHarness.Usings + """
            public static partial class Nets
            {
                private const double Cutoff = 0.5;

                [Model]
                public static double F(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, double c)
                    => (Cutoff > 1 ? Dot(v, Tanh(W * x)) : Sum(x)) + c;
            }
            """);
        Assert.Empty(run.SymGradDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        string gradient = code[code.IndexOf("public double Gradient<TLoss>", StringComparison.Ordinal)..];
        // Only c̄ is written: no tanh, no W̄ or v̄ rows, no products with a folded 0.
        Assert.Contains("gradient[_offset_c] += t", gradient);
        Assert.DoesNotContain("Tanh", gradient);
        Assert.DoesNotContain("AddScaled", gradient);
        Assert.DoesNotContain("vBar[i]", gradient);
        Assert.DoesNotContain("Masked", gradient);
    }

    [Fact]
    public void Models_without_conditionals_get_plain_products()
    {
        var run = GeneratorHarness.Generate(SnapshotTests.ThreeLayer);
        Assert.DoesNotContain("Masked", Assert.Single(run.Sources).SourceText.ToString());
    }
}
