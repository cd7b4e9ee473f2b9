using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymGrad.Generator.Diagnostics;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>
/// Users configure SymGrad's warnings like any compiler warning: #pragma, .editorconfig severity and NoWarn.
/// All three need the diagnostic at a location in a syntax tree of the compilation.
/// </summary>
public class ConfigurableDiagnosticsTests
{
    /// <summary>A model that raises each warning SymGrad reports, and only that warning.</summary>
    public static TheoryData<string, string> Warnings => new()
    {
        { "SG0013", """
            public static partial class Nets
            {
                [Model] public static double F(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, [Shape("H")] Vec unused) => Dot(v, Tanh(W * x));
            }
            """ },
    };

    [Fact]
    public void Every_warning_has_a_case()
    {
        var warnings = DiagnosticCatalogue.All.Where(d => d.DefaultSeverity == DiagnosticSeverity.Warning).Select(d => d.Id);
        Assert.Equal(warnings.Order(), Warnings.Select(row => row.Data.Item1).Order());
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void The_warning_is_reported_in_the_users_file(string id, string model)
    {
        var run = GeneratorHarness.Generate(GeneratorHarness.Usings + model);
        var warning = Assert.Single(run.SymGradDiagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.True(warning.Location.IsInSource);
        Assert.Same(run.Output.SyntaxTrees.First(), warning.Location.SourceTree);
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void Pragma_warning_disable_suppresses_it(string id, string model)
    {
        var run = GeneratorHarness.Generate(GeneratorHarness.Usings + $"#pragma warning disable {id}\n" + model);
        // The compiler keeps a pragma-suppressed diagnostic, marked IsSuppressed, and prints it only with /reportSuppressedDiagnostics.
        Assert.True(Assert.Single(run.SymGradDiagnostics, d => d.Id == id).IsSuppressed);
        Assert.NotEmpty(run.Sources);
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void Pragma_warning_restore_before_the_model_does_not(string id, string model)
    {
        var run = GeneratorHarness.Generate(GeneratorHarness.Usings + $"#pragma warning disable {id}\n#pragma warning restore {id}\n" + model);
        Assert.False(Assert.Single(run.SymGradDiagnostics, d => d.Id == id).IsSuppressed);
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void Editorconfig_severity_none_suppresses_it(string id, string model)
    {
        var run = GeneratorHarness.Generate(WithEditorConfig(GeneratorHarness.Compilation(GeneratorHarness.Usings + model),
            $"root = true\n\n[*.cs]\ndotnet_diagnostic.{id}.severity = none\n"));
        Assert.DoesNotContain(run.SymGradDiagnostics, d => d.Id == id);
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void Editorconfig_severity_error_raises_it(string id, string model)
    {
        var run = GeneratorHarness.Generate(WithEditorConfig(GeneratorHarness.Compilation(GeneratorHarness.Usings + model),
            $"root = true\n\n[*.cs]\ndotnet_diagnostic.{id}.severity = error\n"));
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(run.SymGradDiagnostics, d => d.Id == id).Severity);
    }

    [Theory]
    [MemberData(nameof(Warnings))]
    public void NoWarn_suppresses_it(string id, string model)
    {
        // <NoWarn>SG0013</NoWarn> reaches the compiler as /nowarn, i.e. the id suppressed in the specific diagnostic options.
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.Usings + model);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add(id, ReportDiagnostic.Suppress)));
        var run = GeneratorHarness.Generate(compilation);
        Assert.DoesNotContain(run.SymGradDiagnostics, d => d.Id == id);
    }

    /// <summary>
    /// What the compiler does with an .editorconfig: parse it, resolve the options of each source file, and hand
    /// the per-file diagnostic severities to the compilation's syntax tree options.
    /// </summary>
    private static CSharpCompilation WithEditorConfig(CSharpCompilation compilation, string editorconfig)
    {
        var config = AnalyzerConfig.Parse(editorconfig, "/work/.editorconfig");
        var set = AnalyzerConfigSet.Create(new[] { config });
        var severities = compilation.SyntaxTrees.ToDictionary(
            t => t, t => set.GetOptionsForSourcePath("/work/" + t.FilePath).TreeOptions);
        return compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new TreeOptions(severities)));
    }

    private sealed class TreeOptions(Dictionary<SyntaxTree, ImmutableDictionary<string, ReportDiagnostic>> severities) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return severities.TryGetValue(tree, out var options) && options.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return false;
        }
    }
}
