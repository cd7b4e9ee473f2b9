using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SymGrad.Generator;
using SymGrad.Generator.Diagnostics;

namespace SymGrad.CodeFixes.Tests;

/// <summary>
/// The generator's diagnostics as an analyzer's, so Roslyn's code-fix test framework (which runs analyzers) can
/// see them: it runs the real generator on the compilation and reports what it reported, at the same locations.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorDiagnostics : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticCatalogue.All.ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        // Per file, as the IDE asks for a document's diagnostics; the generator runs once per compilation.
        context.RegisterCompilationStartAction(start =>
        {
            var reported = new Lazy<ImmutableArray<Diagnostic>>(() => Run(start.Compilation, start.CancellationToken));
            start.RegisterSemanticModelAction(c =>
            {
                foreach (var diagnostic in reported.Value.Where(d => d.Location.SourceTree == c.SemanticModel.SyntaxTree)) c.ReportDiagnostic(diagnostic);
            });
        });
    }

    private static ImmutableArray<Diagnostic> Run(Compilation compilation, CancellationToken cancellation)
    {
        var parseOptions = (CSharpParseOptions)compilation.SyntaxTrees.First().Options;
        CSharpGeneratorDriver.Create(new[] { new SymGradGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics, cancellation);
        return diagnostics.Where(d => d.Id.StartsWith("SG", StringComparison.Ordinal)).ToImmutableArray();
    }
}
