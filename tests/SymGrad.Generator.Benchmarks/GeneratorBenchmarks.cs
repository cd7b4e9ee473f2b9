using Basic.Reference.Assemblies;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SymGrad.Generator.Benchmarks;

/// <summary>
/// The SymGrad generator alone, as the compiler drives it: a full run on a compilation of <see cref="Models"/> models,
/// and the incremental run after a one-line edit to one model. Parsing the sources and binding the references are
/// the compiler's work in a real build, so they happen in setup; each measured run gets a new compilation so no
/// semantic information is reused from a previous iteration. Min and median are shown beside the mean because the
/// machine is shared: the minimum is the cost without interference from other processes.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn, MaxColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 30)]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private CSharpCompilation _empty = null!;
    private SyntaxTree[] _trees = null!;
    private CSharpCompilation _before = null!;
    private SyntaxTree _editedTree = null!;
    private GeneratorDriver _afterFullRun = null!;
    private SyntaxTree _otherTree = null!;
    private SyntaxTree _otherEditedTree = null!;
    private CSharpCompilation _oneFile = null!;
    private GeneratorDriver _afterOneFileRun = null!;
    private CSharpCompilation _keystroke = null!;
    private CSharpCompilation _lineAbove = null!;

    [Params(50)]
    public int Models { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var references = Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(Vec).Assembly.Location));
        _empty = CSharpCompilation.Create("Models", [], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _ = _empty.GetTypeByMetadataName("SymGrad.Vec") ?? throw new InvalidOperationException("The SymGrad runtime is not referenced."); // binds the references once
        _trees = ModelSources.Create(Models).Select((s, k) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Model{k}.cs"))
            .Append(_otherTree = CSharpSyntaxTree.ParseText(ModelSources.Other, ParseOptions, path: "Other.cs")).ToArray();
        _otherEditedTree = _otherTree.WithChangedText(SourceText.From(ModelSources.Other.Replace("1;", "2;", StringComparison.Ordinal)));

        _before = _empty.AddSyntaxTrees(_trees);
        _afterFullRun = NewDriver().RunGenerators(_before);
        string text = _trees[0].GetText().ToString();
        if (!text.Contains(ModelSources.EditedLine, StringComparison.Ordinal)) throw new InvalidOperationException("Model 0 lacks the line to edit.");
        _editedTree = _trees[0].WithChangedText(SourceText.From(text.Replace(ModelSources.EditedLine, ModelSources.EditedLineAfter, StringComparison.Ordinal)));

        Check.GeneratesEveryModel(NewDriver(), _before, Models);
        Check.GeneratesEveryModel(_afterFullRun, Edited(), Models);

        // All models in one file: a keystroke in model 0 and a line added above them all.
        string oneFile = ModelSources.OneFile(Models);
        var oneTree = CSharpSyntaxTree.ParseText(oneFile, ParseOptions, path: "Models.cs");
        _oneFile = _empty.AddSyntaxTrees(oneTree);
        _afterOneFileRun = NewDriver().RunGenerators(_oneFile);
        int at = oneFile.IndexOf("+ b));", StringComparison.Ordinal);
        _keystroke = _oneFile.ReplaceSyntaxTree(oneTree, oneTree.WithChangedText(oneTree.GetText().Replace(at, 1, "-")));
        _lineAbove = _oneFile.ReplaceSyntaxTree(oneTree, oneTree.WithChangedText(oneTree.GetText().Replace(0, 0, "// a comment above every model\n")));
        Check.GeneratesEveryModel(_afterOneFileRun, _keystroke, Models);
        Check.GeneratesEveryModel(_afterOneFileRun, _lineAbove, Models);
    }

    /// <summary>A first build: a new driver (the generator's Initialize included) over a compilation it has never seen.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(_empty.AddSyntaxTrees(_trees));

    /// <summary>An edit in the IDE or a rebuild: the driver that ran on the compilation before a one-line edit to model 0.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalRun() => _afterFullRun.RunGenerators(Edited());

    /// <summary>The floor of an incremental run: a one-line edit to a file without models, so every model stays cached.</summary>
    [Benchmark]
    public GeneratorDriver UnrelatedEditRun() => _afterFullRun.RunGenerators(_before.ReplaceSyntaxTree(_otherTree, _otherEditedTree));

    /// <summary>
    /// One keystroke in the editor: with all models in one file, '+' becomes '-' in model 0's method. Model 0 reruns every
    /// stage; the other models in the file are parsed again (their file changed) and found equal, so nothing after reruns.
    /// </summary>
    [Benchmark]
    public GeneratorDriver KeystrokeRun() => _afterOneFileRun.RunGenerators(_keystroke);

    /// <summary>A line added above all models in their one file: every model moves, every model is parsed again, none reruns.</summary>
    [Benchmark]
    public GeneratorDriver EditAboveAllModelsRun() => _afterOneFileRun.RunGenerators(_lineAbove);

    private CSharpCompilation Edited() => _before.ReplaceSyntaxTree(_trees[0], _editedTree);

    internal static GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
        [new SymGradGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
}
