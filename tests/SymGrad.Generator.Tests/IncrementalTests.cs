using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>The pipeline caches: edits that do not touch a model leave every tracked step Cached or Unchanged.</summary>
public class IncrementalTests
{
    private static readonly string[] s_steps =
    {
        SymGradGenerator.Steps.Parse, SymGradGenerator.Steps.Shapes, SymGradGenerator.Steps.Differentiate,
        SymGradGenerator.Steps.Optimize, SymGradGenerator.Steps.Emit,
    };

    private static GeneratorRunResult RunTwice(Func<Compilation, Compilation> edit)
    {
        var first = GeneratorHarness.Compilation(SnapshotTests.TwoLayer, SnapshotTests.RbfVector.Replace("partial class Nets", "partial class MoreNets"));
        var driver = GeneratorHarness.Driver().RunGenerators(first);
        var firstRun = driver.GetRunResult().Results.Single();
        Assert.All(s_steps, step => Assert.True(firstRun.TrackedSteps.ContainsKey(step), $"step {step} is not tracked"));
        return driver.RunGenerators(edit(first)).GetRunResult().Results.Single();
    }

    private static void AssertAllCached(GeneratorRunResult result)
    {
        foreach (string step in s_steps)
            foreach (var run in result.TrackedSteps[step])
                foreach (var (_, reason) in run.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} ran: {reason}");
    }

    [Fact]
    public void A_second_run_on_the_same_compilation_is_cached() =>
        AssertAllCached(RunTwice(c => c.Clone()));

    [Fact]
    public void Adding_an_unrelated_file_is_cached() =>
        AssertAllCached(RunTwice(c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { int M() => 1; }", GeneratorHarness.ParseOptions))));

    [Fact]
    public void Editing_another_member_of_the_model_file_is_cached()
    {
        var result = RunTwice(c =>
        {
            var tree = c.SyntaxTrees.First();
            var edited = tree.WithChangedText(tree.GetText().Replace(tree.GetText().ToString().LastIndexOf('}'), 0, "    static int Unrelated() => 2;\n"));
            return c.ReplaceSyntaxTree(tree, edited);
        });
        // The model's method is parsed again (its file changed) but parses to an equal model, so nothing after it reruns.
        foreach (var (_, reason) in result.TrackedSteps[SymGradGenerator.Steps.Parse].SelectMany(r => r.Outputs))
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Parse: {reason}");
        AssertAllCached(result);
    }

    /// <summary>
    /// Two models and a loss in one file, with an unrelated member, a comment inside a block-bodied model and a
    /// warning (an unused parameter), so every kind of edit has something to move or touch.
    /// </summary>
    private const string File = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class Nets
        {
            static int Unrelated() => 1;

            [Model]
            public static double Deep(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, [Shape("H")] Vec unused)
            {
                // hidden layer
                var h = Tanh(W * x);
                return Dot(v, h);
            }
            // between
            [Model]
            public static double Rbf(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
                => Dot(v, Exp(-gamma * SqDist(W, x)));

            [Loss]
            public static double Cauchy(double g, double y) => Log(1 + (g - y) * (g - y));
        }
        """;

    /// <summary>The edits the issue names, each a text replacement in <see cref="File"/>.</summary>
    public static TheoryData<string, string, string> Edits => new()
    {
        { "lines above the models", "namespace Demo;", "// a comment\n\nnamespace Demo;\n\n" },
        { "lines between the models", "    // between", "\n    // between\n    // and more\n" },
        { "lines below the models", "    [Loss]", "    static int Below() => 3;\n\n    [Loss]" },
        { "an unrelated member renamed", "static int Unrelated()", "static int Renamed()" },
        { "a comment inside a model's method edited", "// hidden layer", "// the hidden layer, h = tanh(Wx)" },
    };

    private static readonly string[] s_allSteps = s_steps.Append(SymGradGenerator.Steps.ParseLoss).ToArray();

    private static (GeneratorRunResult Result, Compilation Edited) Edit(string find, string replace)
    {
        var first = GeneratorHarness.Compilation(File);
        var driver = GeneratorHarness.Driver().RunGenerators(first);
        var tree = first.SyntaxTrees.Single();
        var text = tree.GetText();
        int at = text.ToString().IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        var edited = first.ReplaceSyntaxTree(tree, tree.WithChangedText(text.Replace(at, find.Length, replace)));
        return (driver.RunGenerators(edited).GetRunResult().Results.Single(), edited);
    }

    /// <summary>One line per step: the reasons of its outputs for every model, e.g. "Shapes: Unchanged, Cached".</summary>
    private static string Table(GeneratorRunResult result) => string.Join("\n", s_allSteps.Select(step =>
        $"{step}: " + string.Join(", ", result.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Reason))));

    [Theory]
    [MemberData(nameof(Edits))]
    public void An_edit_that_does_not_change_a_model_reruns_no_stage(string edit, string find, string replace)
    {
        var (result, _) = Edit(find, replace);
        TestContext.Current.TestOutputHelper?.WriteLine($"{edit}:\n{Table(result)}");
        foreach (string step in s_allSteps)
        {
            var reasons = result.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.True(reasons.All(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), $"{edit}:\n{Table(result)}");
        }
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_cached_model_still_reports_its_warning_where_it_now_is(string edit, string find, string replace)
    {
        var (result, edited) = Edit(find, replace);
        var warning = Assert.Single(result.Diagnostics, d => d.Id == "SG0013");
        var tree = edited.SyntaxTrees.Single();
        Assert.Same(tree, warning.Location.SourceTree);
        string source = tree.GetText(TestContext.Current.CancellationToken).ToString();
        int expected = source.IndexOf("unused)", StringComparison.Ordinal);
        Assert.True(expected == warning.Location.SourceSpan.Start, $"{edit}: at {warning.Location.SourceSpan.Start}, expected {expected}");
        Assert.Equal("unused", source.Substring(warning.Location.SourceSpan.Start, warning.Location.SourceSpan.Length));
    }

    [Fact]
    public void Editing_a_model_reruns_only_that_model()
    {
        var result = RunTwice(c =>
        {
            var tree = c.SyntaxTrees.First();
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.GetText().ToString().Replace("Tanh(W * x + b)", "Tanh(W * x - b)")));
            return c.ReplaceSyntaxTree(tree, edited);
        });
        var reasons = result.TrackedSteps[SymGradGenerator.Steps.Emit].SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.Single(reasons, r => r == IncrementalStepRunReason.Modified);
        Assert.Single(reasons, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Step_outputs_hold_no_symbols_syntax_compilations_or_locations()
    {
        var result = RunTwice(c => c.Clone());
        foreach (string step in s_steps)
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(r => r.Outputs))
                AssertPlainData(value, $"{step} output", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static readonly Type[] s_forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(Location), typeof(SemanticModel), typeof(SyntaxTree) };

    /// <summary>Walks an object graph through fields and fails on anything that would pin a compilation.</summary>
    private static void AssertPlainData(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(s_forbidden.Any(t => t.IsInstanceOfType(value)), $"{path} is a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable items)
        {
            int k = 0;
            foreach (var item in items) AssertPlainData(item, $"{path}[{k++}]", seen);
            return;
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertPlainData(field.GetValue(value), $"{path}.{field.Name}", seen);
    }
}
