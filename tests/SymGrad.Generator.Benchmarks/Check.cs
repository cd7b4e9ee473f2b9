using Microsoft.CodeAnalysis;

namespace SymGrad.Generator.Benchmarks;

/// <summary>Guards against timing a generator that quietly did nothing: every model must come out and compile.</summary>
internal static class Check
{
    public static void GeneratesEveryModel(GeneratorDriver driver, Compilation input, int models)
    {
        driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        var generated = output.SyntaxTrees.Count() - input.SyntaxTrees.Count();
        if (generated < models)
            throw new InvalidOperationException($"The generator produced {generated} files for {models} models.");
        var errors = generatorDiagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException($"{errors.Count} errors, first: {errors[0]}");
    }
}
