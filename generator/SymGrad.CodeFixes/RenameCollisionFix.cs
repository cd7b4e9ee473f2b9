using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Rename;

namespace SymGrad.CodeFixes;

/// <summary>
/// SG0010: renames, everywhere it is used, the user's name that collides with one the generated class needs:
/// a member called like the generated class (FModel next to [Model] F), or a parameter or local named like a
/// member of the generated class (Predict, loss, y, _theta).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameCollisionFix)), Shared]
public sealed class RenameCollisionFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.NameClash);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null; // each rename is its own decision

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        var node = root.FindToken(context.Span.Start).Parent;
        var declared = node is null ? null : model.GetDeclaredSymbol(node, context.CancellationToken);
        var symbol = declared is IMethodSymbol method ? CollidingMember(method) : declared;
        if (symbol is not (IParameterSymbol or ILocalSymbol or IMethodSymbol or IFieldSymbol or IPropertySymbol or INamedTypeSymbol)) return;
        string name = FreshName(symbol, model, context.Span.Start);
        context.RegisterCodeFix(CodeAction.Create(
            $"Rename '{symbol.Name}' to '{name}'",
            cancellation => Rename(context.Document, symbol, name, cancellation),
            nameof(RenameCollisionFix)), context.Diagnostics);
    }

    /// <summary>The member the type already declares under the name of the class generated for <paramref name="method"/>.</summary>
    private static ISymbol? CollidingMember(IMethodSymbol method)
    {
        bool isLoss = method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "SymGrad.LossAttribute");
        return method.ContainingType.GetMembers(method.Name + (isLoss ? "Loss" : "Model")).FirstOrDefault(m => !m.IsImplicitlyDeclared);
    }

    /// <summary>The name without leading underscores (the generated class's fields), numbered until nothing in scope has it.</summary>
    private static string FreshName(ISymbol symbol, SemanticModel model, int position)
    {
        string stem = symbol.Name.TrimStart('_');
        if (stem.Length == 0) stem = "value";
        bool Taken(string n) =>
            n == symbol.Name || SyntaxFacts.GetKeywordKind(n) != SyntaxKind.None
            || model.LookupSymbols(position, name: n).Any() || symbol.ContainingType?.GetMembers(n).Any() == true;
        if (stem != symbol.Name && !Taken(stem)) return stem;
        for (int k = 1; ; k++)
            if (!Taken(stem + k)) return stem + k;
    }

    private static async Task<Solution> Rename(Document document, ISymbol symbol, string name, CancellationToken cancellation) =>
        await Renamer.RenameSymbolAsync(document.Project.Solution, symbol, new SymbolRenameOptions(), name, cancellation).ConfigureAwait(false);
}
