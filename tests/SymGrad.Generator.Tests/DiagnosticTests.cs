using Microsoft.CodeAnalysis;
using SymGrad.Generator.Diagnostics;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>One test per diagnostic: its id, its exact span (line and column), and no generated code on an error.</summary>
public class DiagnosticTests
{
    private static string Model(string members) => GeneratorHarness.Usings + "public static partial class Nets\n{\n" + members + "\n}\n";

    private const string Shapes = """[Shape("H", "D")] Mat W, [Shape("H")] Vec v""";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "SG0001", GeneratorHarness.Usings + "public static class [|Nets|]\n{\n    [Model] public static double F(Vec x, [Shape(\"H\")] Vec v) => Dot(v, x);\n}\n", "must be declared partial" },
        { "SG0002", Model($$"""
            [Model] public static double F(Vec x, {{Shapes}})
            {
                [|for (int i = 0; i < 3; i++) { }|]
                return Dot(v, Tanh(W * x));
            }
            """), "A for statement is not supported" },
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) + [|W.Rows|];"), "simple member access expression 'W.Rows'" },
        // Found by the property tests: C# divides an int local as an integer (2 / 3 == 0); the generated code would not.
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes})\n{{\n    var [|s = 2|];\n    return Dot(v, W * x) + s / 3;\n}}"), "The int local 's' is not supported" },
        // Found in review: these said "'Dot' is not a differentiable operation; supported are … Ops.Dot …".
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) + Dot([|a: v|], v);"), "An argument 'a: v' is not supported in a model: write the arguments" },
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) + [|System.Math.Log(Dot(v, v), 2)|];"), "a logarithm to another base is Log(a) / Math.Log(b)" },
        { "SG0003", Model($"static double Helper(Vec a) => 1;\n[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) + [|Helper|](x);"), "'Helper' is not a differentiable operation" },
        { "SG0004", Model($"[Model] public double [|F|](Vec x, {Shapes}) => Dot(v, W * x);"), "must be static" },
        { "SG0004", Model($"[Model] public static Mat [|F|](Vec x, {Shapes}) => W;"), "must return double (the model's score f(x)) or Vec (K scores, one per class or output), not SymGrad.Mat" },
        { "SG0004", Model($"[Loss] public static Vec [|F|](Vec s, int y) => s;"), "must return double (the loss L)" },
        { "SG0008", Model($"[Model] public static Vec F(Vec x, {Shapes}, [Shape(\"K\", \"H\")] Mat U, [Shape(\"J\")] Vec c) => [|U * Tanh(W * x) + c|];"), "U * Tanh(W * x) + c: U * Tanh(W * x) has length K but c has length J" },
        { "SG0008", Model($"[Model] public static Vec F(Vec x, {Shapes}, [Shape(\"3\", \"H\")] Mat U) => U * x + [|(U * x)[3]|];"), "(U * x)[3]: U * x has length 3, but a vector longer than 3 is expected here" },
        { "SG0005", Model($"[Loss] public static double F(Vec s, [|double|] y) => s[0];"), "(Vec s, int y) for a vector model's scores and a class label" },
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) * x[[|v[0] > 0 ? 1 : 0|]];"), "a vector's entry is read at a constant index" },
        { "SG0004", Model("[Loss] public static double [|L|](double g) => g * g;"), "[Loss] method 'L' takes a score and a target" },
        { "SG0005", Model("[Loss] public static double L(double g, [|Vec|] y) => g;"), "a [Loss] takes a score and a target" },
        { "SG0005", Model($"[Model] public static double F(Vec x, {Shapes}, [|int|] n) => Dot(v, W * x);"), "'n' has type 'int'" },
        { "SG0006", Model("[Model] public static double F(Vec x, [|Vec|] v) => Dot(v, x);"), "needs [Shape(...)] with one dimension" },
        { "SG0007", Model("[Model] public static double F(Vec x, [[|Shape(\"H-1\")|]] Vec v) => Dot(v, x);"), "Dimension \"H-1\" of parameter 'v'" },
        { "SG0008", Model($"[Model] public static double F(Vec x, {Shapes}, [Shape(\"K\")] Vec u) => Dot(v, [|W * u|]);"), "W * u: W is H×D but u has length K" },
        { "SG0008", Model($"[Model] public static double F(Vec x, {Shapes}, [Shape(\"K\")] Vec u) => [|Dot(v, u)|];"), "Dot(v, u): v has length H but u has length K" },
        { "SG0009", Model("[Model] public static double F(Vec [|x|], [Shape(\"H\")] Vec v) => Sum(v);"), "length of input 'x' cannot be inferred" },
        { "SG0010", Model($"[Model] public static double F(Vec x, {Shapes}, [Shape(\"H\")] Vec [|y|]) => Dot(v, W * x) + Dot(y, v);"), "'y' would name both a parameter" },
        // Found in review: these produced generated code that did not compile, with no SG diagnostic.
        { "SG0010", Model($"[Model] public static double F(Vec x, {Shapes}, [Shape(\"H\")] Vec [|Predict|]) => Dot(v, W * x) + Dot(Predict, v);"), "'Predict' would name both a parameter and a member or local of the generated class" },
        { "SG0010", Model($"[Model] public static double F(Vec x, {Shapes}, double [|_theta|]) => Dot(v, W * x) * _theta;"), "a private field" },
        // θ's place in its aligned array (ParameterStorage).
        { "SG0010", Model($"[Model] public static double F(Vec x, {Shapes}, double [|_thetaStart|]) => Dot(v, W * x) * _thetaStart;"), "a private field" },
        { "SG0010", Model($"[Model] public static double F(Vec x, {Shapes}, [Shape(\"H\")] Vec [|_parameterCount|]) => Dot(v, W * x) + Dot(_parameterCount, v);"), "a private field" },
        // Found in review: the rank-1 factors' and the ONNX graph's fields clashed with CS0102 in the generated file.
        { "SG0010", Model($"[Model] public static double F(Vec x, {Shapes}, double [|_factored|]) => Dot(v, W * x) * _factored;"), "a private field" },
        { "SG0010", Model($"[Model] public static double F(Vec x, {Shapes}, double [|_factorLength|]) => Dot(v, W * x) * _factorLength;"), "a private field" },
        { "SG0010", Model($"[Model] public static double F(Vec x, {Shapes}, double [|_forwardGraph|]) => Dot(v, W * x) * _forwardGraph;"), "a private field" },
        { "SG0010", Model($"[Model] public static double F(Vec x, {Shapes})\n{{\n    var [|loss|] = W * x;\n    return Dot(v, loss);\n}}"), "'loss' would name both a local and a member or local of the generated class" },
        // README's recipe without its Compile Remove: the emitted file of an earlier build is compiled as a source.
        { "SG0021", Model($"[Model] public static double [|F|](Vec x, {Shapes}) => Dot(v, W * x);\n[System.CodeDom.Compiler.GeneratedCode(\"SymGrad.Generator\", \"0.1.0.0\")] public sealed class FModel {{ }}"), "'FModel' is already declared by SymGrad's own output in 'Model0.cs'" },
        { "SG0010", Model($"[Model] public static double [|F|](Vec x, {Shapes}) => Dot(v, W * x);\npublic sealed class FModel {{ }}"), "'FModel' would name both the class SymGrad generates and a member the type already declares" },
        { "SG0023", Model($"[Model([|Precision = (Precision)4|])] public static double F(Vec x, {Shapes}) => Dot(v, W * x);"), "Precision = 4 names no element type" },
        { "SG0023", Model($"[Model([|Precision = (Precision)0|])] public static Vec F(Vec x, {Shapes}, [Shape(\"K\", \"H\")] Mat U) => U * (W * x);"), "Precision = 0 names no element type" },
        { "SG0010", Model($"[Model(Precision = Precision.Float32)] public static double [|F|](Vec x, {Shapes}) => Dot(v, W * x);\npublic sealed class FModelFloat32 {{ }}"), "'FModelFloat32' would name both the class SymGrad generates" },
        { "SG0011", Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, [|z|]);"), "'z' could not be resolved" },
        { "SG0012", Model($"[Model] public static double F(Vec x, {Shapes}, double p) => Sum(Pow(W * x, [|p|])) + Sum(v);"), "Argument 'p' of Pow must be a compile-time constant" },
        { "SG0013", Model($"[Model] public static double F(Vec x, {Shapes}, [Shape(\"H\")] Vec [|u|]) => Dot(v, W * x);"), "'u' is never used" },
        { "SG0015", Model($"[[|Derivative(\"Fp\")|]] static double F(double a) => a;\nstatic double Fp(double a, int k) => 1;\n[Model] public static double M(Vec x, {Shapes}) => Sum(v.Length, h => v[h] * F(Dot(W[h], x)));"), "must be a method of Nets declared 'static double Fp(double a)'" },
        { "SG0015", Model($"[Derivative(\"Fp\")] static double F(Vec a) => 1;\nstatic double Fp(double a) => 1;\n[Model] public static double M(Vec x, {Shapes}) => Dot(v, W * x) * [|F|](x);"), "must be declared 'static double F(double a)'" },
        // Found in review: lending only its length to an index range does not make a parameter used.
        { "SG0013", Model("[Model] public static double F([Shape(\"H\")] Vec x, [Shape(\"H\")] Vec v, [Shape(\"H\")] Vec [|u|]) => Sum(u.Length, h => v[h] * x[h]);"), "'u' is never used" },
        { "SG0016", Model("[Model] public static double F(Vec x, [[|Shape(\"50000\", \"50000\")|]] Mat W, [Shape(\"50000\")] Vec v) => Dot(v, W * x);"), "Parameter 'W' would have 2500000000 entries" },
        { "SG0014", Model($"[Model] public static double F(Vec x, {Shapes}) => [|Sign(Dot(v, W * x))|];"), "'Sign(Dot(v, W * x))' is not differentiable" },
        { "SG0014", Model($"[Model] public static double F(Vec x, {Shapes}) => Sum(v) + ([|Dot(v, W * x) > 0 ? 1.0 : -1.0|]);"), "The comparison in 'Dot(v, W * x) > 0 ? 1.0 : -1.0' is not differentiable" },
        { "SG0014", Model("[Loss] public static double L(double g, double y) => [|g * y < 1 ? 1 - g * y : 0.0|];"), "a comparison may read only the input, a loss's target and constants" },
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes}) => [|Sum(x) > 0 && Sum(x) < 1|] ? Dot(v, W * x) : 0.0;"), "a conditional's condition is one comparison of two numbers" },
        // Found in review: C# divides an int conditional as an int ((c ? 3 : 1) / 2 is 1 or 0); the generated code would not.
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) * (([|Sum(x) > 0 ? 3 : 1|]) / 2);"), "C# computes this conditional as int" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_diagnostic_at_the_offending_syntax(string id, string markup, string message)
    {
        var (source, span) = Markup.Parse(markup);
        var run = GeneratorHarness.Generate(source);

        var diagnostic = Assert.Single(run.SymGradDiagnostics, d => d.Id == id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        var expected = run.Output.SyntaxTrees.First().GetLineSpan(span, TestContext.Current.CancellationToken);
        Assert.Equal(expected.StartLinePosition, diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("https://", diagnostic.Descriptor.HelpLinkUri);
        Assert.EndsWith("#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
        if (diagnostic.Severity == DiagnosticSeverity.Error) Assert.Empty(run.Sources);
    }

    [Fact]
    public void Every_diagnostic_has_a_test_case()
    {
        var tested = Cases.Select(row => row.Data.Item1).ToHashSet();
        // The analyzers' own diagnostics are tested where they run (NamedDimensionsTests, LossKindTests), not through the generator.
        var analyzed = new Analyzers.NamedDimensionsAnalyzer().SupportedDiagnostics.Concat(new Analyzers.LossKindAnalyzer().SupportedDiagnostics)
            .Select(d => d.Id).ToHashSet();
        var untested = DiagnosticCatalogue.All.Select(d => d.Id)
            .Where(id => id != DiagnosticCatalogue.InternalError.Id && !analyzed.Contains(id) && !tested.Contains(id));
        Assert.Empty(untested);
    }

    [Fact]
    public void Names_the_generated_code_derives_never_collide_with_the_users()
    {
        // Found in review: a parameter vBar next to v, or a local WBar, collided with the generated gradient views.
        var run = GeneratorHarness.Generate(Model("""
            [Model] public static double F(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, [Shape("H")] Vec vBar, [Shape("H")] Vec t1)
            {
                var WBar = Tanh(W * x);
                var t3Buffer = WBar * vBar + t1;
                return Dot(v, t3Buffer);
            }
            """));
        Assert.Empty(run.SymGradDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Single(run.Sources);
    }

    [Theory]
    [InlineData("Dot(v, W * x) * Sign(Sum(x))")]
    // Found by the property tests: the range of h (W's rows) is not something Sign's argument depends on.
    [InlineData("Dot(v, W * x) + Sum(W.Rows, h => Sign(x[h]))")]
    [InlineData("Dot(v, W * x) * (Sum(x) > 0 ? 1.0 : -1.0)")]
    [InlineData("Sum(W.Rows, h => x[h] <= 0.5 ? Dot(W[h], x) : -v[h])")]
    public void Sign_and_comparisons_outside_the_gradient_path_are_allowed(string body)
    {
        var run = GeneratorHarness.Generate(Model($"[Model] public static double F(Vec x, [Shape(\"H\", \"H\")] Mat W, [Shape(\"H\")] Vec v) => {body};"));
        Assert.Empty(run.SymGradDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Single(run.Sources);
    }
}
