using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>
/// The generated classes' XML documentation compiles without a warning when a user's build checks documentation
/// (<c>GenerateDocumentationFile</c>, which makes the compiler diagnose doc comments: bad crefs, ambiguous overloads,
/// unknown parameter names). The usual harness parses comments without diagnosing them.
/// </summary>
public class GeneratedDocumentationTests
{
    [Theory]
    [InlineData("two-layer")]
    [InlineData("ten-class")]
    [InlineData("float32")]
    [InlineData("float32 ten-class")]
    public void Generated_doc_comments_raise_no_warning_when_documentation_is_diagnosed(string model)
    {
        string source = model switch
        {
            "two-layer" => SnapshotTests.TwoLayer,
            "ten-class" => SnapshotTests.TenClassMlp,
            "float32" => SnapshotTests.Float32,
            _ => SnapshotTests.TenClassMlp.Replace("[Model]", "[Model(Precision = Precision.Float64 | Precision.Float32)]"),
        };
        var options = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var input = GeneratorHarness.Compilation(source);
        input = input.RemoveAllSyntaxTrees().AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, options, path: "Model0.cs", cancellationToken: TestContext.Current.CancellationToken));

        GeneratorHarness.Driver(options).RunGeneratorsAndUpdateCompilation(input, out var output, out _, TestContext.Current.CancellationToken);

        var generated = output.SyntaxTrees.Where(t => !input.SyntaxTrees.Contains(t)).ToHashSet();
        Assert.NotEmpty(generated);
        var problems = output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning && generated.Contains(d.Location.SourceTree!)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
