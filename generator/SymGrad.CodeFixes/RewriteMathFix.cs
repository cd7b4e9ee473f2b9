using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SymGrad.CodeFixes;

/// <summary>
/// SG0002 on a System.Math form SymGrad has no op for: rewrites it with ops that exist. Today that is the logarithm to
/// another base, log_b(a) = Log(a) / Math.Log(b), an identity for every a and b, so the model means what it meant
/// (Math.Max, Min and Abs are ops of their own).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RewriteMathFix)), Shared]
public sealed class RewriteMathFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UnsupportedSyntax);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        var call = root.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        if (call is null || model.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol { ContainingType: { } math } method
            || math.ToDisplayString() != "System.Math") return;
        var args = call.ArgumentList.Arguments.Select(a => a.Expression).ToArray();
        var ops = new OpNames(model, call.SpanStart);
        ExpressionSyntax? rewritten = (method.Name, args.Length) switch
        {
            ("Log", 2) => Binary(SyntaxKind.DivideExpression, ops.Call("Log", args[0]),
                InvocationExpression(call.Expression, ArgumentList(SingletonSeparatedList(Argument(args[1].WithoutTrivia()))))),
            _ => null,
        };
        if (rewritten is null) return;
        // Parenthesised where it stands (the simplifier drops what the context does not need); laid out by the formatter.
        var replacement = (rewritten is InvocationExpressionSyntax ? rewritten
            : ParenthesizedExpression(rewritten).WithAdditionalAnnotations(Simplifier.Annotation)).WithAdditionalAnnotations(Formatter.Annotation);
        context.RegisterCodeFix(CodeAction.Create(
            $"Rewrite as {rewritten.NormalizeWhitespace()}",
            _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(call, replacement.WithTriviaFrom(call)))),
            nameof(RewriteMathFix) + method.Name), context.Diagnostics);
    }

    private static BinaryExpressionSyntax Binary(SyntaxKind kind, ExpressionSyntax left, ExpressionSyntax right) =>
        BinaryExpression(kind, Operand(left), Operand(right));

    /// <summary>An operand in parentheses unless it binds tighter than any operator (a name, a call, a literal).</summary>
    private static ExpressionSyntax Operand(ExpressionSyntax e) =>
        e.WithoutTrivia() is var bare && bare is IdentifierNameSyntax or InvocationExpressionSyntax or LiteralExpressionSyntax
            or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
            ? bare : ParenthesizedExpression(bare);

    /// <summary>Relu, Log: by their simple names where 'using static SymGrad.Ops' is in scope, else Ops.Relu.</summary>
    private sealed class OpNames(SemanticModel model, int position)
    {
        public InvocationExpressionSyntax Call(string name, ExpressionSyntax argument)
        {
            bool inScope = model.LookupSymbols(position, name: name).Any(s => s.ContainingType?.ToDisplayString() == "SymGrad.Ops");
            ExpressionSyntax function = inScope ? IdentifierName(name)
                : MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ParseName("global::SymGrad.Ops"), IdentifierName(name)).WithAdditionalAnnotations(Simplifier.Annotation);
            return InvocationExpression(function, ArgumentList(SingletonSeparatedList(Argument(argument.WithoutTrivia()))));
        }
    }
}
