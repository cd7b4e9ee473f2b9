using System.Globalization;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>
/// Messages say what to write instead. Each case is a mistake users make, the one diagnostic it must raise
/// (at the marked span) and what that message must say; docs/diagnostics.md shows the old and new wording.
/// </summary>
public class MessageTests
{
    private static string Model(string members) => GeneratorHarness.Usings + "using System;\nusing System.Linq;\n\npublic static partial class Nets\n{\n" + members + "\n}\n";

    private const string Shapes = """[Shape("H", "D")] Mat W, [Shape("H")] Vec v""";

    public static TheoryData<string, string, string[], string[]> Cases => new()
    {
        // id, markup, what the message must say, what it must not say
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) + [|Math.Log(Sum(x), 2)|];"),
            new[] { "Log(a) / Math.Log(2)" }, new[] { "(these arguments)" } },
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes})\n{{\n    [|for (int i = 0; i < 3; i++) {{ }}|]\n    return Dot(v, W * x);\n}}"),
            new[] { "A for statement", "Sum(v.Length, h => …)" }, Array.Empty<string>() },
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes})\n{{\n    [|foreach (var e in new double[0]) {{ }}|]\n    return Dot(v, W * x);\n}}"),
            new[] { "A foreach statement", "Sum(v.Length, h => …)" }, Array.Empty<string>() },
        { "SG0002", Model($"[Model] public static double F(Vec x, {Shapes})\n{{\n    [|if (Sum(x) > 0) {{ }}|]\n    return Dot(v, W * x);\n}}"),
            new[] { "An if statement", "l > r ? a : c" }, Array.Empty<string>() },
        { "SG0003", Model($"static double Helper(Vec a) => 1;\n[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) + [|Helper|](x);"),
            new[] { "'Helper' is a method of your own", "[Derivative", "local" }, new[] { "supported are" } },
        { "SG0003", Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) + [|Enumerable.Sum|](new[] {{ 1.0, 2.0 }});"),
            new[] { "'Enumerable.Sum'", "Ops.Sum" }, new[] { "supported are" } },
        { "SG0003", Model($"static double Scale(double a) => 2 * a;\n[Model] public static double F(Vec x, {Shapes})\n{{\n    var hidden = [|Scale|](Dot(v, W * x));\n    return hidden * hidden;\n}}"),
            new[] { "'Scale'" }, Array.Empty<string>() },
        { "SG0002", Model($"static readonly double Rate = 0.5;\n[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) * [|Rate|];"),
            new[] { "static readonly field", "const double Rate" }, Array.Empty<string>() },
        { "SG0004", Model("[Loss] public static double [|L3|](double g) => g * g;"),
            new[] { "[Loss] method 'L3'", "(double g, double y)" }, new[] { "Model method" } },
        { "SG0004", Model($"[Model] public double [|F|](Vec x, {Shapes}) => Dot(v, W * x);"),
            new[] { "[Model] method 'F' must be static" }, Array.Empty<string>() },
        { "SG0003", Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) + [|Math.Round|](Sum(x));"),
            new[] { "Math.Tanh", "Math.Exp", "Math.Log", "Math.Sqrt", "Math.Pow" }, new[] { "Math.Relu", "Math.Sigmoid", "Math.Square" } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_message_says_what_to_write_instead(string id, string markup, string[] says, string[] doesNotSay)
    {
        var (source, span) = Markup.Parse(markup);
        var run = GeneratorHarness.Generate(source);
        string all = string.Join("\n", run.SymGradDiagnostics.Select(d => $"{d.Id} {d.Location.SourceSpan}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
        // The root cause once, not again at every use of what it broke.
        var diagnostic = Assert.Single(run.SymGradDiagnostics);
        Assert.True(diagnostic.Id == id && diagnostic.Location.SourceSpan == span, $"expected {id} at {span}, got\n{all}");
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.All(says, s => Assert.True(message.Contains(s, StringComparison.Ordinal), $"'{s}' missing from: {message}"));
        Assert.All(doesNotSay, s => Assert.False(message.Contains(s, StringComparison.Ordinal), $"'{s}' in: {message}"));
    }

    [Theory]
    [InlineData("Log(Dot(v, v)) / Math.Log(2)")] // Math.Log(a, 2)
    // Max, Min and Abs are ops now (with documented subgradients), in both spellings: no message is needed.
    [InlineData("Math.Max(0, Sum(x)) + Math.Min(1, Sum(x)) + Math.Abs(Sum(x))")]
    [InlineData("Max(0, Sum(x)) + Min(1, Sum(x)) + Abs(Sum(x))")]
    public void What_the_messages_suggest_compiles(string term)
    {
        var run = GeneratorHarness.Generate(Model($"[Model] public static double F(Vec x, {Shapes}) => Dot(v, W * x) + {term};"));
        Assert.Empty(run.SymGradDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Single(run.Sources);
    }
}
