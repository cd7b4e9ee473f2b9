using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymGrad.PropertyTests.Harness;

namespace SymGrad.PropertyTests.Robustness;

/// <summary>
/// What must hold for any source, however broken: the generator never throws or fails internally (CS8785,
/// SG0099), answers every [Model] method with an SG diagnostic or code, and its code compiles unless an SG
/// error says why.
/// </summary>
public static class RobustnessInvariants
{
    private static readonly SyntaxTree s_placeholder = GeneratorRun.Parse(string.Empty);

    // One compilation whose referenced assemblies are bound once; each case swaps its own tree in.
    private static readonly Compilation s_base = GeneratorRun.Compilation("Robustness", new[] { s_placeholder });

    /// <summary>Why <paramref name="source"/> breaks an invariant, or null.</summary>
    public static string? Violation(string source)
    {
        var tree = GeneratorRun.Parse(source);
        var run = GeneratorRun.Run(s_base.ReplaceSyntaxTree(s_placeholder, tree));
        if (run.GeneratorFailure() is { } failure) return failure;

        var reported = run.Reported.Where(d => d.Id.StartsWith("SG", StringComparison.Ordinal)).ToList();
        var semantics = run.Output.GetSemanticModel(run.Output.SyntaxTrees.First(t => t.FilePath == tree.FilePath));
        foreach (var (name, span) in ModelMethods(tree, semantics))
        {
            bool generated = run.GeneratedTrees.Any(t => t.FilePath.EndsWith("." + name + ".g.cs", StringComparison.Ordinal));
            bool diagnosed = reported.Any(d => span.Contains(d.Location.SourceSpan) || d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains($"'{name}'", StringComparison.Ordinal)
                || BadDerivativeCalled(d, tree.GetText().ToString(span)));
            if (!generated && !diagnosed) return $"[Model] or [Loss] method '{name}' got neither code nor an SG diagnostic";
        }

        var errors = run.ErrorsInGeneratedCode();
        if (errors.Count > 0 && !reported.Any(d => d.Severity == DiagnosticSeverity.Error))
            return "generated code does not compile and no SG error says why: " + string.Join("; ", errors.Take(3));
        return null;
    }

    /// <summary>
    /// SG0015 sits on the [Derivative] of the user function that is wrong ("The derivative 'GPrime' of 'G' …"), not in
    /// the models that call it; it answers a model whose text calls that function.
    /// </summary>
    private static bool BadDerivativeCalled(Diagnostic d, string model)
    {
        if (d.Id != "SG0015") return false;
        var function = System.Text.RegularExpressions.Regex.Match(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), @" of '(\w+)'");
        return function.Success && System.Text.RegularExpressions.Regex.IsMatch(model, $@"\b{function.Groups[1].Value}\s*\(");
    }

    /// <summary>Methods and local functions the compiler binds [SymGrad.Model] or [SymGrad.Loss] to.</summary>
    private static IEnumerable<(string Name, Microsoft.CodeAnalysis.Text.TextSpan Span)> ModelMethods(SyntaxTree tree, SemanticModel semantics)
    {
        foreach (var node in tree.GetRoot().DescendantNodes().Where(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax))
        {
            bool hasAttributes = node is MethodDeclarationSyntax m ? m.AttributeLists.Count > 0 : ((LocalFunctionStatementSyntax)node).AttributeLists.Count > 0;
            if (!hasAttributes || semantics.GetDeclaredSymbol(node) is not IMethodSymbol symbol) continue;
            if (symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is "SymGrad.ModelAttribute" or "SymGrad.LossAttribute"))
                yield return (symbol.Name, node.Span);
        }
    }
}
