using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymGrad.Generator;

namespace SymGrad.PropertyTests.Harness;

/// <summary>
/// Runs the real <see cref="SymGradGenerator"/> over in-memory sources, the way the compiler would,
/// and keeps what the checks need: the driver's result, its diagnostics and the updated compilation.
/// </summary>
public sealed class GeneratorRun
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Metadata is decoded once and shared by every compilation the tests create.
    private static readonly ImmutableArray<MetadataReference> s_references =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Vec).Assembly.Location))
            .ToImmutableArray();

    private static readonly CSharpCompilationOptions s_options = new(
        OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release);

    private GeneratorRun(GeneratorDriverRunResult result, Compilation output, ImmutableArray<Diagnostic> driverDiagnostics)
    {
        Result = result;
        Output = output;
        DriverDiagnostics = driverDiagnostics;
    }

    public GeneratorDriverRunResult Result { get; }

    /// <summary>The compilation with the generated sources added.</summary>
    public Compilation Output { get; }

    /// <summary>Diagnostics of running the generator itself (CS8785 when it throws).</summary>
    public ImmutableArray<Diagnostic> DriverDiagnostics { get; }

    /// <summary>Everything the generator reported (SG diagnostics).</summary>
    public ImmutableArray<Diagnostic> Reported => Result.Results.SelectMany(r => r.Diagnostics).ToImmutableArray();

    public ImmutableArray<SyntaxTree> GeneratedTrees => Result.GeneratedTrees;

    public static CSharpCompilation Compilation(string name, IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create(name, trees, s_references, s_options);

    public static SyntaxTree Parse(string source, string path = "Model.cs") =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static GeneratorRun Run(Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new SymGradGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver.GetRunResult(), output, diagnostics);
    }

    public static GeneratorRun Run(string name, params string[] sources) =>
        Run(Compilation(name, sources.Select((s, k) => Parse(s, $"Source{k}.cs"))));

    /// <summary>The generator's own failure, if any: an exception it let escape (CS8785) or caught as SG0099.</summary>
    public string? GeneratorFailure(bool ignoreInternalErrors = false)
    {
        var thrown = Result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        if (thrown is not null) return "the generator threw: " + thrown;
        var crash = DriverDiagnostics.Concat(Reported).FirstOrDefault(d => d.Id == "CS8785" || (d.Id == "SG0099" && !ignoreInternalErrors));
        return crash is null ? null : "the generator failed: " + crash;
    }

    /// <summary>Compiler errors located in generated files.</summary>
    public IReadOnlyList<Diagnostic> ErrorsInGeneratedCode()
    {
        var errors = new List<Diagnostic>();
        foreach (var tree in GeneratedTrees)
        {
            var outputTree = Output.SyntaxTrees.First(t => t.FilePath == tree.FilePath);
            errors.AddRange(Output.GetSemanticModel(outputTree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }
        return errors;
    }
}
