using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SymGrad.CodeFixes;

/// <summary>SG0020: names the arguments of a generated model's constructor, new TwoLayerModel(H: 16, D: 2).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NameDimensionsFix)), Shared]
public sealed class NameDimensionsFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.PositionalDimensions);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<BaseObjectCreationExpressionSyntax>().FirstOrDefault() is not { ArgumentList: { } arguments } creation
            || model?.GetSymbolInfo(creation, context.CancellationToken).Symbol is not IMethodSymbol constructor) return;
        // Positional arguments come first in C#; the k-th is the constructor's k-th parameter.
        var named = arguments.Arguments.Select((a, k) => a.NameColon is null && k < constructor.Parameters.Length
            ? a.WithNameColon(NameColon(IdentifierName(constructor.Parameters[k].Name))).WithTriviaFrom(a)
            : a);
        context.RegisterCodeFix(CodeAction.Create(
            "Name the dimensions",
            _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(arguments, arguments.WithArguments(SeparatedList(named, arguments.Arguments.GetSeparators()))))),
            nameof(NameDimensionsFix)), context.Diagnostics);
    }
}
