using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymGrad.Generator.Common;
using SymGrad.Generator.Diagnostics;
using SymGrad.Generator.Model;
using SymGrad.Generator.Parse;

namespace SymGrad.Generator.Discover;

/// <summary>
/// Discover stage: finds the methods marked [Model] (the compiler's attribute index makes this cheap)
/// and hands each to the parser while its syntax and semantic model are still at hand.
/// </summary>
internal static class ModelDiscovery
{
    public static IncrementalValuesProvider<ModelDefinition> Models(IncrementalGeneratorInitializationContext context) =>
        context.SyntaxProvider.ForAttributeWithMetadataName(
            ModelLanguage.ModelAttribute,
            predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
            transform: static (ctx, ct) => Parse(ctx, isLoss: false, ct));

    /// <summary>Methods marked [Loss]: L(g, y), differentiated with respect to g.</summary>
    public static IncrementalValuesProvider<ModelDefinition> Losses(IncrementalGeneratorInitializationContext context) =>
        context.SyntaxProvider.ForAttributeWithMetadataName(
            ModelLanguage.LossAttribute,
            predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
            transform: static (ctx, ct) => Parse(ctx, isLoss: true, ct));

    private static ModelDefinition Parse(GeneratorAttributeSyntaxContext context, bool isLoss, CancellationToken cancellation)
    {
        var symbol = (IMethodSymbol)context.TargetSymbol;
        var anchors = new AnchorScope(context.TargetNode, symbol);
        if (context.TargetNode is not MethodDeclarationSyntax method)
        {
            // A local function (including one in top-level statements) has no type to put the generated class in.
            var local = (LocalFunctionStatementSyntax)context.TargetNode;
            var diagnostic = DiagnosticInfo.Create(DiagnosticCatalogue.InvalidSignature, anchors.At(local.Identifier), isLoss ? "[Loss]" : "[Model]", symbol.Name,
                "must be a static method of a partial type, not a local function");
            return new ModelDefinition(null, null, -1, new[] { diagnostic }.ToEquatableArray());
        }
        return StageGuard.Run(symbol.Name, anchors.At(method.Identifier),
            () => ModelParser.Parse(method, symbol, context.SemanticModel, anchors, isLoss, cancellation),
            diagnostic => new ModelDefinition(null, null, -1, new[] { diagnostic }.ToEquatableArray()));
    }
}
