using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SymGrad.CodeFixes;

/// <summary>SG0001: makes the model's type and every type around it partial.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialFix)), Shared]
public sealed class AddPartialFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.TypeNotPartial);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } type) return;
        // The type, the types around it, and the types inside it that hold a model: all of them get a part generated.
        var types = type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
            .Concat(type.DescendantNodes().OfType<TypeDeclarationSyntax>().Where(HoldsModel))
            .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToList();
        if (types.Count == 0) return;
        context.RegisterCodeFix(CodeAction.Create(
            types.Count == 1 ? $"Make '{type.Identifier.ValueText}' partial" : $"Make '{type.Identifier.ValueText}' and the types around and in it partial",
            _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNodes(types, (_, rewritten) => MakePartial(rewritten)))),
            nameof(AddPartialFix)), context.Diagnostics);
    }

    private static bool HoldsModel(TypeDeclarationSyntax type) =>
        type.DescendantNodes().OfType<MethodDeclarationSyntax>().Any(m => m.AttributeLists.SelectMany(l => l.Attributes)
            .Any(a => ShortName(a.Name.ToString()) is "Model" or "Loss"));

    /// <summary>An attribute's name without <c>global::</c>, the <c>SymGrad.</c> namespace and the <c>Attribute</c> suffix.</summary>
    private static string ShortName(string name)
    {
        foreach (var prefix in new[] { "global::", "SymGrad." })
            if (name.StartsWith(prefix, System.StringComparison.Ordinal)) name = name.Substring(prefix.Length);
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    private static TypeDeclarationSyntax MakePartial(TypeDeclarationSyntax type)
    {
        var (modifiers, keyword) = Modifiers.Add(type.Modifiers, type.Keyword, SyntaxKind.PartialKeyword);
        return type.WithKeyword(keyword).WithModifiers(modifiers);
    }
}
