using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymGrad.PropertyTests.Generation;
using SymGrad.PropertyTests.Harness;

namespace SymGrad.PropertyTests;

/// <summary>
/// Sign and comparisons are not differentiable: random models whose Sign or conditionals may take parameters must get
/// SG0014 at a Sign call or conditional exactly when a parameter's gradient would flow through one, and no error
/// otherwise (the generator never guesses a zero).
/// </summary>
public class SignDiagnostics
{
    private const int Cases = 200;

    [Fact]
    public void Sign_on_the_gradient_path_is_SG0014_and_only_there()
    {
        ulong seed = PropertySettings.Seed("sign");
        PropertySettings.Print($"Sign diagnostics: {Cases} random models, SYMGRAD_PROPERTY_SEED={seed}");
        var specs = Enumerable.Range(0, Cases).Select(i => CaseOf(seed, i)).ToList();
        var trees = specs.Select((s, i) => ModelBatch.CaseTree(GradientProperties.ToCase(s), i)).ToList();
        var run = GeneratorRun.Run(GeneratorRun.Compilation("SignDiagnostics", trees.Append(ModelBatch.FunctionsTree())));
        Assert.True(run.GeneratorFailure() is null, run.GeneratorFailure());

        for (int i = 0; i < specs.Count; i++)
        {
            // Generator diagnostics carry the path of the case's file.
            var errors = run.Reported.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == trees[i].FilePath).ToList();
            string? why = Violation(specs[i], errors, trees[i]);
            if (why is not null) Assert.Fail($"case {i} of seed {seed}: {why}\n{specs[i].ToMethod("M")}");
        }
    }

    public static ModelSpec CaseOf(ulong seed, int i) => ModelGen.SignAnywhere.Generate(new PCG((uint)i, seed), null, out _);

    private static string? Violation(ModelSpec spec, List<Diagnostic> errors, SyntaxTree tree)
    {
        var other = errors.FirstOrDefault(d => d.Id != "SG0014");
        if (other is not null) return "unexpected error " + other;
        bool expected = spec.Result.SignOnGradientPath;
        if (expected && errors.Count == 0) return "Sign or a comparison lies on the gradient path but no SG0014 was reported";
        if (!expected && errors.Count > 0) return "no parameter's gradient flows through Sign or a comparison, yet: " + errors[0];
        foreach (var d in errors)
        {
            string text = tree.GetText().ToString(d.Location.SourceSpan);
            bool atSign = text.StartsWith("Sign(", StringComparison.Ordinal) || text.StartsWith("Ops.Sign(", StringComparison.Ordinal);
            if (!atSign && SyntaxFactory.ParseExpression(text) is not ConditionalExpressionSyntax)
                return $"SG0014 is not located at a Sign call or a conditional but at '{text}'";
        }
        return null;
    }
}
