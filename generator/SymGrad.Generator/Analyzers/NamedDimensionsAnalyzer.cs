using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SymGrad.Generator.Diagnostics;

namespace SymGrad.Generator.Analyzers;

/// <summary>
/// SG0020: a generated model with two or more dimensions must be constructed with its dimensions named.
/// <c>new Relu3Model(64, 64, 3, seed: 1)</c> compiles whatever order the reader assumed, and builds the wrong
/// shapes when the assumption was wrong; <c>new Relu3Model(H1: 64, D: 64, H2: 3, seed: 1)</c> cannot be swapped.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class NamedDimensionsAnalyzer : DiagnosticAnalyzer
{
    private const string SeedParameter = "seed";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.PositionalDimensions);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(Analyze, OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is not { } constructor || !IsGeneratedModel(constructor.ContainingType)) return;
        var dimensions = constructor.Parameters.Where(p => p.Name != SeedParameter).ToList();
        if (dimensions.Count < 2) return;
        var positional = creation.Arguments.FirstOrDefault(a =>
            a.Parameter is { } p && p.Name != SeedParameter && a.Syntax is ArgumentSyntax { NameColon: null });
        if (positional is null) return;
        string example = $"new {constructor.ContainingType.Name}({string.Join(", ", dimensions.Select(d => d.Name + ": …"))}, seed: …)";
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalogue.PositionalDimensions, positional.Syntax.GetLocation(),
            constructor.ContainingType.Name, string.Join(", ", dimensions.Select(d => d.Name)), example));
    }

    /// <summary>A class SymGrad generated for a [Model]: it implements SymGrad.IModel and carries SymGrad's [GeneratedCode].</summary>
    private static bool IsGeneratedModel(INamedTypeSymbol type) =>
        type.AllInterfaces.Any(i => i.Name == "IModel" && i.ContainingNamespace is { Name: "SymGrad", ContainingNamespace.IsGlobalNamespace: true })
        && type.GetAttributes().Any(a => a.AttributeClass?.Name == "GeneratedCodeAttribute"
            && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value as string == "SymGrad.Generator");
}
