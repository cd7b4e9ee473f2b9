using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymGrad.Generator;

namespace SymGrad.Generator.Tests.Support;

/// <summary>Runs the real generator on in-memory sources compiled against .NET 10 and the SymGrad runtime.</summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static readonly MetadataReference[] s_references =
        Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(Vec).Assembly.Location)).ToArray();

    /// <summary>The usual usings of a model file, so test sources stay short.</summary>
    public const string Usings = "using SymGrad;\nusing static SymGrad.Ops;\n";

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Models",
        sources.Select((s, k) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Model{k}.cs")),
        s_references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(CSharpParseOptions? parseOptions = null) => CSharpGeneratorDriver.Create(
        new[] { new SymGradGenerator().AsSourceGenerator() },
        parseOptions: parseOptions ?? ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once.</summary>
    public static Run Generate(params string[] sources) => Generate(Compilation(sources));

    /// <summary>Runs the generator once on a compilation (e.g. one with options that configure diagnostics).</summary>
    public static Run Generate(CSharpCompilation input)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        return new Run(driver.GetRunResult(), output, generatorDiagnostics);
    }

    /// <summary>
    /// Runs the generator on <paramref name="sources"/> and returns the one file it wrote, after checking that the whole
    /// compilation, that file included, has no warning or error.
    /// </summary>
    public static string GenerateOneFile(params string[] sources)
    {
        var run = Generate(sources);
        Assert.Empty(run.CompilationProblems);
        return Assert.Single(run.Sources).SourceText.ToString();
    }

    /// <summary>The part of <paramref name="code"/> from the first <paramref name="from"/> up to the next <paramref name="to"/> after it.</summary>
    public static string Between(string code, string from, string to)
    {
        int start = code.IndexOf(from, StringComparison.Ordinal);
        return code[start..code.IndexOf(to, start, StringComparison.Ordinal)];
    }

    /// <summary>
    /// The generated GradientBatch's sweep, up to the next member's documentation: the public method's own, or, for a
    /// model that also has GradientBatchFactored, the private sweep the two share.
    /// </summary>
    public static string GradientBatchOf(string code) => code.Contains("private double GradientBatch<TLoss>(int count", StringComparison.Ordinal)
        ? Between(code, "private double GradientBatch<TLoss>(int count", "/// <summary>")
        : Between(code, "public double GradientBatch<TLoss>", "/// <summary>");

    /// <summary>One generator run: what it produced and the compilation with its output added.</summary>
    public sealed record Run(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
    {
        /// <summary>The diagnostics SymGrad reported (SGxxxx).</summary>
        public IReadOnlyList<Diagnostic> SymGradDiagnostics => GeneratorDiagnostics.Where(d => d.Id.StartsWith("SG", StringComparison.Ordinal)).ToList();

        public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.SelectMany(r => r.GeneratedSources).ToList();

        /// <summary>Errors and warnings of the whole compilation, generated files included.</summary>
        public IReadOnlyList<Diagnostic> CompilationProblems => Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }
}
