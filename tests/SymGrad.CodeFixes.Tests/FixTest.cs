using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SymGrad.Generator.Analyzers;

namespace SymGrad.CodeFixes.Tests;

/// <summary>
/// A code-fix test against .NET 10 and the SymGrad runtime, with nothing downloaded. The framework applies the
/// fix, compares the result with the expected code, and checks that the fixed code has no diagnostic left
/// (the generator's, through <see cref="GeneratorDiagnostics"/>) and no compiler error.
/// </summary>
public sealed class FixTest<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    public const string Usings = "using SymGrad;\nusing static SymGrad.Ops;\n\n";

    public FixTest(string source, string fixedSource)
    {
        TestCode = source;
        FixedCode = fixedSource;
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(Net100.References.All);
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Vec).Assembly.Location));
    }

    protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Preview);
}

/// <summary>Fixes of the generator's diagnostics.</summary>
public static class GeneratorFix<TFix> where TFix : CodeFixProvider, new()
{
    public static Task Verify(string source, string fixedSource, int? iterations = null) =>
        new FixTest<GeneratorDiagnostics, TFix>(source, fixedSource) { NumberOfIncrementalIterations = iterations, NumberOfFixAllIterations = iterations }
            .RunAsync(TestContext.Current.CancellationToken);
}

/// <summary>Fixes of the named-dimensions analyzer's diagnostic.</summary>
public static class AnalyzerFix<TFix> where TFix : CodeFixProvider, new()
{
    public static FixTest<NamedDimensionsAnalyzer, TFix> Test(string source, string fixedSource) => new(source, fixedSource);
}
