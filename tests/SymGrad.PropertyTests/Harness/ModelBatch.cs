using CsCheck;
using Microsoft.CodeAnalysis;
using SymGrad.PropertyTests.Generation;

namespace SymGrad.PropertyTests.Harness;

/// <summary>
/// A [Model] method named M to check, with its dims' sizes, the seed of its parameter values and, optionally,
/// a [Loss] method named L that its gradient is checked with (SquaredLoss otherwise).
/// </summary>
public sealed record ModelCase(string Method, IReadOnlyDictionary<string, int> Dims, int? InputLength, ulong ValueSeed, string? Loss = null);

/// <summary>
/// Checks many models with one compilation, one emit and one load: each model is its own syntax tree
/// (a part of the partial class Batch), so diagnostics and generated files map back to their case.
/// </summary>
public static class ModelBatch
{
    private const string Prelude = "using System;\nusing SymGrad;\nusing static SymGrad.Ops;\n\nnamespace PropertyModels;\n\npublic static partial class Batch\n{\n";

    // The user functions with [Derivative]s every case may call, in a part of Batch of their own.
    private static readonly string s_functions = Prelude + CustomFunctions.Members + "}\n";

    /// <summary>Case <paramref name="i"/> as a part of the class Batch in a file of its own, its methods renamed M{i} and L{i}.</summary>
    public static SyntaxTree CaseTree(ModelCase c, int i) =>
        GeneratorRun.Parse(Prelude + c.Method.Replace("double M(", $"double M{i}(").Replace("Vec M(", $"Vec M{i}(")
            + (c.Loss?.Replace("double L(", $"double L{i}(") ?? string.Empty) + "}\n", $"Case{i}.cs");

    /// <summary>The part of Batch that declares <see cref="CustomFunctions"/>.</summary>
    public static SyntaxTree FunctionsTree() => GeneratorRun.Parse(s_functions, "CustomFunctions.cs");

    /// <summary>The failure of each case that failed, by its index.</summary>
    public static Dictionary<int, string> Check(IReadOnlyList<ModelCase> cases) =>
        Check(cases, (container, i) => ModelChecker.Check(container, "M" + i, cases[i].Loss is null ? null : "L" + i, cases[i].Dims,
            cases[i].InputLength, new PCG(1, cases[i].ValueSeed)));

    /// <summary>
    /// The failure of each case that failed, by its index: compiled together, then each checked by
    /// <paramref name="check"/>(the loaded class Batch, the case's index), which returns why it fails or null.
    /// </summary>
    public static Dictionary<int, string> Check(IReadOnlyList<ModelCase> cases, Func<Type, int, string?> check)
    {
        var failures = new Dictionary<int, string>();
        var trees = cases.Select(CaseTree).ToList();
        var functions = FunctionsTree();
        var included = Enumerable.Range(0, cases.Count).ToList();

        // A case whose model is rejected or does not compile is taken out, and the rest compiled again.
        var image = new MemoryStream();
        string name;
        while (true)
        {
            name = "PropertyBatch" + Guid.NewGuid().ToString("N");
            var run = GeneratorRun.Run(GeneratorRun.Compilation(name, included.Select(i => trees[i]).Append(functions)));
            if (run.GeneratorFailure(ignoreInternalErrors: true) is { } crash) return FailAll(failures, included, crash);
            foreach (var d in run.Reported.Where(d => d.Severity == DiagnosticSeverity.Error))
                failures.TryAdd(CaseOf(d), (d.Id == "SG0099" ? "the generator failed: " : "the generator rejected a valid model: ") + d);
            if (!failures.Any(f => included.Contains(f.Key)))
            {
                image.SetLength(0);
                var emitted = run.Output.Emit(image);
                if (emitted.Success) break;
                foreach (var d in emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                {
                    var tree = d.Location.SourceTree;
                    bool generated = tree is not null && run.GeneratedTrees.Any(t => t.FilePath == tree.FilePath);
                    failures.TryAdd(CaseOf(tree?.FilePath), generated
                        ? $"the generated code does not compile: {d}\n{tree}"
                        : "the model does not compile as C#: " + d);
                }
            }
            if (failures.ContainsKey(-1)) return FailAll(failures, included, failures[-1]);
            included.RemoveAll(failures.ContainsKey);
            if (included.Count == 0) return failures;
        }

        image.Position = 0;
        using var loaded = new LoadedAssembly(name, image);
        var container = loaded.Assembly.GetType("PropertyModels.Batch")!;
        foreach (int i in included)
        {
            string? failure;
            try
            {
                failure = check(container, i);
            }
            catch (Exception e)
            {
                failure = "the generated model threw " + e;
            }
            if (failure is not null) failures[i] = failure;
        }
        return failures;
    }

    private static Dictionary<int, string> FailAll(Dictionary<int, string> failures, List<int> included, string why)
    {
        foreach (int i in included) failures[i] = why;
        failures.Remove(-1);
        return failures;
    }

    // Generator diagnostics carry a file path (not a tree); SG0099 may have none, but names its model.
    private static int CaseOf(Diagnostic d)
    {
        int byPath = CaseOf(d.Location.GetLineSpan().Path);
        if (byPath >= 0) return byPath;
        var match = System.Text.RegularExpressions.Regex.Match(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), @"'[ML](\d+)'");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    // "Case12.cs" or a generated "PropertyModels.Batch.M12.g.cs" (or ".L12.g.cs", a loss) → 12.
    private static int CaseOf(string? path)
    {
        var match = System.Text.RegularExpressions.Regex.Match(path ?? string.Empty, @"(?:Case|\.[ML])(\d+)(?:\.g)?\.cs$");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }
}
