using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymGrad.Generator;

namespace SymGrad.CodeFixes.Tests;

/// <summary>Runs the real generator on fixed code: it must generate every model, and the whole must compile warning-free.</summary>
public static class Generated
{
    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Preview);

    /// <summary>The code the generator writes for a model source.</summary>
    public static string Source(string model) =>
        Compile(model, 1).SyntaxTrees.Skip(1).Single().ToString();

    public static Compilation Compile(string source, int models)
    {
        var input = CSharpCompilation.Create("Fixed", new[] { CSharpSyntaxTree.ParseText(source, s_parse, "Fixed.cs") },
            Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(Vec).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(new[] { new SymGradGenerator().AsSourceGenerator() }, parseOptions: s_parse)
            .RunGeneratorsAndUpdateCompilation(input, out var output, out var diagnostics, TestContext.Current.CancellationToken);
        Assert.Empty(diagnostics);
        Assert.Equal(models, driver.GetRunResult().GeneratedTrees.Length);
        Assert.Empty(output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return output;
    }
}
