using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SymGrad.Generator.Analyzers;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>SG0020: a model with several dimensions cannot be built with them swapped by position.</summary>
public class NamedDimensionsTests
{
    private const string Model = GeneratorHarness.Usings + """
        public static partial class Nets
        {
            [Model] public static double Relu3(Vec x, [Shape("H1", "D")] Mat W1, [Shape("H2", "H1")] Mat W2, [Shape("H2")] Vec v)
                => Dot(v, Relu(W2 * Relu(W1 * x)));
            [Model] public static double Linear([Shape("D")] Vec x, [Shape("D")] Vec w) => Dot(w, x);
        }
        """;

    private static async Task<List<Diagnostic>> Analyze(string use)
    {
        var run = GeneratorHarness.Generate(Model, "using SymGrad;\npublic static class Use { public static object M() => " + use + "; }");
        var analyzed = run.Output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NamedDimensionsAnalyzer()));
        var all = await analyzed.GetAllDiagnosticsAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(all, d => d.Severity == DiagnosticSeverity.Error && d.Id != "SG0020");
        return all.Where(d => d.Id == "SG0020").ToList();
    }

    [Fact]
    public async Task Positional_dimensions_are_an_error_at_the_first_positional_argument()
    {
        var found = Assert.Single(await Analyze("new Nets.Relu3Model(64, 64, 3, seed: 1)"));
        Assert.Equal(DiagnosticSeverity.Error, found.Severity);
        Assert.Equal("64", found.Location.SourceTree!.GetText(TestContext.Current.CancellationToken).ToString(found.Location.SourceSpan));
        Assert.Contains("new Relu3Model(H1: …, D: …, H2: …, seed: …)", found.GetMessage());
    }

    [Fact]
    public async Task One_positional_dimension_among_named_ones_is_reported()
    {
        Assert.Single(await Analyze("new Nets.Relu3Model(H1: 64, D: 64, 3, seed: 1)"));
    }

    [Theory]
    [InlineData("new Nets.Relu3Model(H1: 64, D: 64, H2: 3, seed: 1)")]
    [InlineData("new Nets.Relu3Model(H1: 64, D: 64, H2: 3, 1)")]
    [InlineData("new Nets.Relu3Model(D: 64, H2: 3, H1: 64, seed: 1)")]
    [InlineData("new Nets.LinearModel(5, 1)")]
    public async Task Named_dimensions_a_positional_seed_and_single_dimension_models_pass(string use)
    {
        Assert.Empty(await Analyze(use));
    }

    [Fact]
    public async Task Target_typed_new_is_checked_too()
    {
        var run = GeneratorHarness.Generate(Model, "using SymGrad;\npublic static class Use { public static Nets.Relu3Model M() => new(1, 2, 3, 4); }");
        var all = await run.Output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NamedDimensionsAnalyzer()))
            .GetAllDiagnosticsAsync(TestContext.Current.CancellationToken);
        Assert.Single(all, d => d.Id == "SG0020");
    }
}
