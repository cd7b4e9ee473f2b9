using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>Properties of the generated code, read from the code itself: what the optimiser leaves out, what must not warn.</summary>
public class GeneratedCodeTests
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
        string gradient = code[code.IndexOf("public double Gradient<TLoss>", StringComparison.Ordinal)..code.IndexOf("public void InputGradient", StringComparison.Ordinal)];
        string inputGradient = code[code.IndexOf("public void InputGradient", StringComparison.Ordinal)..];
        // ∂f/∂x of the branch taken, Σ x: 1 in every entry, and nothing of the dead branch.
        Assert.Contains("xBar[i] += 1.0;", inputGradient);
        Assert.DoesNotContain("Tanh", inputGradient);
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

    [Fact]
    public void A_self_comparison_in_the_model_adds_no_warning_in_the_generated_code()
    {
        // Found by fuzzing: y != y (a NaN test) warns in the method (CS1718), and the generated copies warned again.
        var run = GeneratorHarness.Generate(GeneratorHarness.Usings + """
            public static partial class Nets
            {
                [Loss]
                public static double L(double g, double y) => (y != y ? 3.0 * g : 0.0) + Square(g - y);

                [Model]
                public static double F(Vec x, [Shape("D")] Vec w) => Sum(x) == Sum(x) ? Dot(w, x) : 0.0;
            }
            """);
        Assert.Empty(run.SymGradDiagnostics);
        Assert.Equal(2, run.Sources.Count);
        var inGenerated = run.CompilationProblems.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        Assert.Empty(inGenerated);
        Assert.Contains(run.CompilationProblems, d => d.Id == "CS1718");   // the user's own method still warns
    }
}
