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

/// <summary>SG0004 on a model or loss that is not static: makes it static.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddStaticFix)), Shared]
public sealed class AddStaticFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.InvalidSignature);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } method
            || method.Modifiers.Any(SyntaxKind.StaticKeyword)) return;
        context.RegisterCodeFix(CodeAction.Create(
            $"Make '{method.Identifier.ValueText}' static",
            _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, MakeStatic(method)))),
            nameof(AddStaticFix)), context.Diagnostics);
    }

    private static MethodDeclarationSyntax MakeStatic(MethodDeclarationSyntax method)
    {
        var (modifiers, returnType) = Modifiers.Add(method.Modifiers, method.ReturnType.GetFirstToken(), SyntaxKind.StaticKeyword);
        return method.ReplaceToken(method.ReturnType.GetFirstToken(), returnType).WithModifiers(modifiers);
    }
}
