using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SymGrad.CodeFixes;

/// <summary>
/// SG0006: gives a Vec or Mat parameter a [Shape(...)] with dimension names no other parameter uses, for the
/// user to rename to the dimension they mean (one that another parameter shares, where they must match).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddShapeFix)), Shared]
public sealed class AddShapeFix : CodeFixProvider
{
    // Single capitals first: what the lecture and the samples name dimensions.
    private static readonly string[] s_candidates = { "H", "D", "K", "N", "M", "P", "Q", "R" };

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.MissingShape);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null; // fixed together, two parameters would get the same "fresh" names

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault() is not { Type: { } type } parameter
            || parameter.Parent?.Parent is not MethodDeclarationSyntax method) return;
        int rank = type.ToString() switch { "Vec" or "SymGrad.Vec" => 1, "Mat" or "SymGrad.Mat" => 2, _ => 0 };
        if (rank == 0 || parameter.AttributeLists.SelectMany(l => l.Attributes).Any(IsShape)) return;
        var dims = FreshDimensions(method, rank);
        context.RegisterCodeFix(CodeAction.Create(
            $"Add [Shape({string.Join(", ", dims.Select(d => $"\"{d}\""))})]",
            _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(parameter, WithShape(parameter, dims)))),
            nameof(AddShapeFix)), context.Diagnostics);
    }

    private static bool IsShape(AttributeSyntax a) => a.Name.ToString() is "Shape" or "ShapeAttribute" or "SymGrad.Shape" or "SymGrad.ShapeAttribute";

    /// <summary>Names used by none of the method's [Shape]s and parameters.</summary>
    private static List<string> FreshDimensions(MethodDeclarationSyntax method, int rank)
    {
        var used = new HashSet<string>(method.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
        foreach (var attribute in method.ParameterList.Parameters.SelectMany(p => p.AttributeLists).SelectMany(l => l.Attributes).Where(IsShape))
            foreach (var argument in attribute.ArgumentList?.Arguments ?? default)
                if (argument.Expression is LiteralExpressionSyntax literal) used.Add(literal.Token.ValueText);
        var fresh = s_candidates.Concat(Enumerable.Range(1, 99).Select(k => "H" + k)).Where(d => !used.Contains(d));
        return fresh.Take(rank).ToList();
    }

    private static ParameterSyntax WithShape(ParameterSyntax parameter, List<string> dims)
    {
        var shape = Attribute(IdentifierName("Shape"), AttributeArgumentList(SeparatedList(
            dims.Select(d => AttributeArgument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(d)))))));
        var list = AttributeList(SingletonSeparatedList(shape)).WithLeadingTrivia(parameter.GetLeadingTrivia()).WithTrailingTrivia(Space);
        return parameter.WithoutLeadingTrivia().WithAttributeLists(parameter.AttributeLists.Insert(0, list));
    }
}
