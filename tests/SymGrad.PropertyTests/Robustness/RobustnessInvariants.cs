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
    public static string? Violation(string source) => Check(new[] { source }, strict: false).Violation;

    /// <summary>What one generator run over these files did, and the first invariant it broke, if any.</summary>
    public sealed record Outcome(int Models, int Generated, string? Violation);

    /// <summary>
    /// Runs the generator over <paramref name="sources"/> (one file each) and checks the invariants.
    /// </summary>
    /// <param name="sources">The files.</param>
    /// <param name="strict">Valid sources: any error in generated code is a violation (a model that gets code has no SG
    /// error). Otherwise, for broken sources, such an error is excused by any SG error.</param>
    public static Outcome Check(IReadOnlyList<string> sources, bool strict)
    {
        var trees = sources.Select((s, k) => GeneratorRun.Parse(s, $"Model{k}.cs")).ToList();
        var compilation = sources.Count == 1 ? s_base.ReplaceSyntaxTree(s_placeholder, trees[0]) : GeneratorRun.Compilation("Declarations", trees);
        var run = GeneratorRun.Run(compilation);
        if (run.GeneratorFailure() is { } failure) return new Outcome(0, 0, failure);

        var reported = run.Reported.Where(d => d.Id.StartsWith("SG", StringComparison.Ordinal)).ToList();
        var hints = run.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).ToList();
        int models = 0, generated = 0;
        foreach (var tree in trees)
        {
            var outputTree = run.Output.SyntaxTrees.First(t => t.FilePath == tree.FilePath);
            var semantics = run.Output.GetSemanticModel(outputTree);
            List<Diagnostic>? ownErrors = null;
            foreach (var (symbol, span) in ModelMethods(outputTree, semantics))
            {
                models++;
                string name = symbol.Name;
                string hint = HintOf(symbol);
                bool hasCode = hints.Any(h => h == hint + ".g.cs" || System.Text.RegularExpressions.Regex.IsMatch(h, "^" + System.Text.RegularExpressions.Regex.Escape(hint) + @"\.\d+\.g\.cs$"));
                if (hasCode) generated++;
                bool diagnosed = reported.Any(d => d.Location.GetLineSpan().Path == tree.FilePath && span.Contains(d.Location.SourceSpan)
                    || d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains($"'{name}'", StringComparison.Ordinal)
                    || BadDerivativeCalled(d, outputTree.GetText().ToString(span)));
                // The compiler's own error in the method (CS8078: too deeply nested for C# itself) answers it too.
                if (hasCode || diagnosed) continue;
                ownErrors ??= semantics.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (!ownErrors.Any(d => span.Contains(d.Location.SourceSpan))) return new Outcome(models, generated, $"[Model] or [Loss] method '{name}' got neither code nor an SG diagnostic");
            }
        }

        var errors = run.ErrorsInGeneratedCode();
        if (errors.Count > 0 && (strict || !reported.Any(d => d.Severity == DiagnosticSeverity.Error)))
            return new Outcome(models, generated, "generated code does not compile" + (strict ? string.Empty : " and no SG error says why") + ": "
                + string.Join("; ", errors.Take(3)) + "\n--- generated ---\n" + errors[0].Location.SourceTree?.ToString());
        return new Outcome(models, generated, null);
    }

    /// <summary>The generated file's name before ".g.cs": the method's full name, unescaped, characters Roslyn refuses as '_'.</summary>
    private static string HintOf(IMethodSymbol method)
    {
        var parts = new List<string> { method.Name };
        for (var type = method.ContainingType; type is not null; type = type.ContainingType) parts.Insert(0, type.Name);
        for (var ns = method.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace) parts.Insert(0, ns.Name);
        return string.Concat(string.Join(".", parts).Select(c => char.IsLetterOrDigit(c) || c is '_' or '.' ? c : '_'));
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
    private static IEnumerable<(IMethodSymbol Symbol, Microsoft.CodeAnalysis.Text.TextSpan Span)> ModelMethods(SyntaxTree tree, SemanticModel semantics)
    {
        foreach (var node in tree.GetRoot().DescendantNodes().Where(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax))
        {
            bool hasAttributes = node is MethodDeclarationSyntax m ? m.AttributeLists.Count > 0 : ((LocalFunctionStatementSyntax)node).AttributeLists.Count > 0;
            if (!hasAttributes || semantics.GetDeclaredSymbol(node) is not IMethodSymbol symbol) continue;
            if (symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is "SymGrad.ModelAttribute" or "SymGrad.LossAttribute"))
                yield return (symbol, node.Span);
        }
    }
}
