using Microsoft.CodeAnalysis;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>
/// Issue 10, found by an independent fuzzer: valid programs on which the generator crashed (CS8785, stack overflow),
/// emitted code that did not compile, warned falsely or refused a valid model. Each either works now or gets a located
/// SG error, and never adds errors of its own to a user's broken source.
/// </summary>
public class RobustnessTests
{
    private static string Nets(string members, string type = "public static partial class Nets") =>
        GeneratorHarness.Usings + type + "\n{\n" + members + "\n}\n";

    private const string Model = """[Model] public static double F(Vec x, [Shape("H")] Vec v) => Dot(v, Tanh(x));""";

    /// <summary>No SG diagnostic, no compiler error or warning anywhere, and one generated file per model.</summary>
    private static GeneratorHarness.Run AssertWorks(int models, params string[] sources)
    {
        var run = OnCompilerSizedStack(() => GeneratorHarness.Generate(sources));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Equal(models, run.Sources.Count);
        return run;
    }

    /// <summary>Exactly one SG error, with this id, located on the marked span, and no generated code.</summary>
    private static void AssertDiagnosed(string id, string markup, string message)
    {
        var (source, span) = Markup.Parse(markup);
        var run = GeneratorHarness.Generate(source);
        var diagnostic = Assert.Single(run.SymGradDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>Runs on a thread with the 1 MB stack a compiler thread may have, so a recursion that would kill csc fails here.</summary>
    private static T OnCompilerSizedStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() => { try { result = work(); } catch (Exception e) { failure = e; } }, maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("the run failed", failure);
        return result;
    }

    // --- hint names: CS8785 threw away every model's code ---

    [Fact]
    public void Models_whose_names_differ_only_in_case_get_distinct_files()
    {
        var run = AssertWorks(3, Nets("""
            [Model] public static double Net(Vec x, [Shape("H")] Vec v) => Dot(v, x);
            [Model] public static double NET(Vec x, [Shape("H")] Vec v) => Dot(v, Tanh(x));
            """), Nets(Model, "public static partial class Unrelated"));
        Assert.Equal(3, run.Sources.Select(s => s.HintName.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public void Classes_whose_names_differ_only_in_case_get_distinct_files() =>
        AssertWorks(2, Nets(Model, "public static partial class Nets"), Nets(Model, "public static partial class NETS"));

    [Fact]
    public void Escaped_keywords_in_namespaces_types_and_methods_work()
    {
        var run = AssertWorks(2, GeneratorHarness.Usings + """
            namespace Probe.@class
            {
                public static partial class @struct
                {
                    [Model] public static double @double(Vec x, [Shape("H")] Vec v) => Dot(v, x);
                    [Model] public static double F(Vec x, [Shape("H")] Vec v) => Dot(v, x);
                }
            }
            """);
        Assert.All(run.Sources, s => Assert.DoesNotContain("@", s.HintName));
        Assert.Contains(run.Sources, s => s.SourceText.ToString().Contains("FullName => \"Probe.class.struct.double\"", StringComparison.Ordinal));
    }

    // --- stack depth: the compiler process died ---

    [Fact]
    public void A_chain_of_ten_thousand_terms_compiles()
    {
        string chain = string.Join(" + ", Enumerable.Repeat("Dot(v, x)", 10_000));
        var run = AssertWorks(1, Nets($"[Model] public static double F(Vec x, [Shape(\"H\")] Vec v, double c) => c * ({chain});"));
        Assert.Contains("a long expression", run.Sources[0].SourceText.ToString());
    }

    [Fact]
    public void A_mistake_deep_in_a_long_chain_is_located_on_it()
    {
        // Anchors count tokens from the model method (SyntaxAnchor): the 2,001st of 3,000 terms must come back to its place.
        var terms = Enumerable.Repeat("Dot(v, x)", 3_000).ToArray();
        terms[2_000] = "[|Twice|](v, x)";
        string chain = string.Join(" + ", terms);
        AssertDiagnosed("SG0003", Nets($"static double Twice(Vec a, Vec b) => 2 * Dot(a, b);\n[Model] public static double F(Vec x, [Shape(\"H\")] Vec v) => {chain};"),
            "'Twice' is not a differentiable operation");
    }

    [Fact]
    public void A_chain_of_a_thousand_locals_compiles()
    {
        var body = new System.Text.StringBuilder("{\n    var a0 = Tanh(x);\n");
        for (int k = 1; k < 1_000; k++) body.Append($"    var a{k} = {(k % 2 == 0 ? "Tanh" : "Sigmoid")}(a{k - 1}) * 0.5 + v;\n");
        body.Append("    return Dot(v, a999);\n}");
        AssertWorks(1, Nets($"[Model] public static double F(Vec x, [Shape(\"H\")] Vec v)\n{body}"));
    }

    [Fact]
    public void Nesting_within_the_limit_compiles()
    {
        string nested = string.Concat(Enumerable.Repeat("Tanh(", 150)) + "Dot(v, x)" + new string(')', 150);
        AssertWorks(1, Nets($"[Model] public static double F(Vec x, [Shape(\"H\")] Vec v) => {nested};"));
    }

    [Fact]
    public void Deeper_nesting_is_a_located_error_never_a_crash()
    {
        string nested = string.Concat(Enumerable.Repeat("(Dot(v, x) + ", 300)) + "Dot(v, x)" + new string(')', 300);
        var run = OnCompilerSizedStack(() => GeneratorHarness.Generate(Nets($"[Model] public static double F(Vec x, [Shape(\"H\")] Vec v) => {nested};")));
        Assert.Empty(run.Sources);
        var diagnostic = Assert.Single(run.SymGradDiagnostics);
        Assert.Equal("SG0002", diagnostic.Id);
        Assert.Contains("may nest at most 200 levels", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(Location.None, diagnostic.Location);
    }

    [Fact]
    public void Nesting_too_deep_for_the_compiler_leaves_only_its_own_error()
    {
        string nested = string.Concat(Enumerable.Repeat("(Dot(v, x) + ", 10_000)) + "Dot(v, x)" + new string(')', 10_000);
        var run = OnCompilerSizedStack(() => GeneratorHarness.Generate(Nets($"[Model] public static double F(Vec x, [Shape(\"H\")] Vec v) => {nested};")));
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785" or "SG0099");
        Assert.Equal("CS8078", Assert.Single(run.CompilationProblems).Id); // "An expression is too long or complex to compile"
    }

    // --- generated code that did not compile ---

    public static TheoryData<string> InaccessibleDerivatives => new() { "private", "protected", "private protected" };

    [Theory]
    [MemberData(nameof(InaccessibleDerivatives))]
    public void A_derivative_the_generated_class_cannot_call_is_a_located_error(string accessibility) =>
        AssertDiagnosed("SG0015", Nets("""[Model] public static double F(Vec x, [Shape("H")] Vec v) => Sum(v.Length, h => v[h] * Other.G(x[h]));""") + "public class Other\n{\n    [[|Derivative(nameof(Gp))|]] public static double G(double a) => a * a;\n"
            + $"    {accessibility} static double Gp(double a) => 2 * a;\n}}\n", "'Gp' of 'G' is not accessible from Nets");

    [Theory]
    [InlineData("public")]
    [InlineData("internal")]
    [InlineData("protected internal")]
    public void A_derivative_the_generated_class_can_call_works(string accessibility) =>
        AssertWorks(1, Nets("""[Model] public static double F(Vec x, [Shape("H")] Vec v) => Sum(v.Length, h => v[h] * Other.G(x[h]));""")
            + $"public class Other\n{{\n    [Derivative(nameof(Gp))] public static double G(double a) => a * a;\n    {accessibility} static double Gp(double a) => 2 * a;\n}}\n");

    [Fact]
    public void A_protected_derivative_of_a_base_class_works() =>
        AssertWorks(1, GeneratorHarness.Usings + """
            public class Base
            {
                [Derivative(nameof(Gp))] protected static double G(double a) => a * a;
                protected static double Gp(double a) => 2 * a;
            }
            public partial class Nets : Base
            {
                [Model] public static double F(Vec x, [Shape("H")] Vec v) => Sum(v.Length, h => v[h] * G(x[h]));
            }
            """);

    [Fact]
    public void A_derivative_in_a_file_local_type_is_a_located_error() =>
        AssertDiagnosed("SG0015", Nets("""[Model] public static double F(Vec x, [Shape("H")] Vec v) => Sum(v.Length, h => v[h] * Fns.G(x[h]));""")
            + "file static class Fns\n{\n    [[|Derivative(nameof(Gp))|]] public static double G(double a) => a * a;\n    public static double Gp(double a) => 2 * a;\n}\n",
            "a file-local type");

    [Theory]
    [InlineData("public partial struct S")]
    [InlineData("public readonly partial struct S")]
    [InlineData("public ref partial struct S")]
    [InlineData("public partial record R")]
    [InlineData("public partial record struct R")]
    [InlineData("public partial interface I")]
    [InlineData("internal static partial class @var")]
    public void Containers_of_every_kind_work(string container) =>
        AssertWorks(1, Nets(Model, container));

    [Fact]
    public void File_scoped_namespaces_and_nested_types_work() =>
        AssertWorks(1, GeneratorHarness.Usings + "namespace A.B;\npublic partial class Outer\n{\n    internal partial struct Inner\n    {\n        private static partial class Nets\n        {\n            " + Model + "\n        }\n    }\n}\n");

    [Fact]
    public void A_model_in_a_file_local_type_is_a_located_error() =>
        AssertDiagnosed("SG0004", GeneratorHarness.Usings + "file static partial class Nets\n{\n    [Model] public static double [|F|](Vec x, [Shape(\"H\")] Vec v) => Dot(v, x);\n}\n",
            "file-local type 'Nets'");

    [Fact]
    public void An_explicit_interface_implementation_is_a_located_error() =>
        AssertDiagnosed("SG0004", GeneratorHarness.Usings + """
            public interface IScore { static abstract double F(Vec x, Vec v); }
            public partial class Nets : IScore
            {
                [Model] static double IScore.[|F|](Vec x, [Shape("H")] Vec v) => Dot(v, x);
            }
            """, "explicit interface implementation");

    [Theory]
    [InlineData("\"50000\", \"50000\"")]
    [InlineData("\"2147483647\"")]
    public void Literal_dimensions_too_large_for_an_array_are_a_located_error(string dims) =>
        AssertDiagnosed("SG0016", Nets($"[Model] public static double F(Vec x, [[|Shape({dims})|]] {(dims.Contains(',') ? "Mat W, [Shape(\"50000\")] Vec v) => Dot(v, W * x)" : "Vec v) => Dot(v, x)")};"),
            "more entries than an array can hold");

    // --- false warning, valid models refused ---

    [Fact]
    public void A_parameter_returned_directly_is_used() =>
        AssertWorks(1, Nets("""[Model] static double F([Shape("D")] Vec x, double c) => c;"""));

    [Theory]
    [InlineData("2u")]
    [InlineData("2ul")]
    [InlineData("2L")]
    [InlineData("2f")]
    [InlineData("0x2")]
    [InlineData("(short)2")]
    [InlineData("(byte)2")]
    public void Numeric_literals_of_every_suffix_work(string literal) =>
        AssertWorks(1, Nets($"[Model] public static double F(Vec x, [Shape(\"H\")] Vec v) => {literal} * Dot(v, x) + {literal};"));

    public static TheoryData<string> ContextualKeywords => new()
    {
        "var", "value", "scoped", "from", "select", "where", "group", "into", "orderby", "join", "let", "on", "equals", "by",
        "ascending", "descending", "nameof", "async", "await", "dynamic", "global", "partial", "yield", "add", "remove", "get",
        "set", "init", "record", "required", "file", "unmanaged", "notnull", "and", "or", "not", "with", "when", "field", "args",
        "alias", "managed", "allows", "extension",
    };

    [Theory]
    [MemberData(nameof(ContextualKeywords))]
    public void Contextual_keywords_work_as_dimensions_parameters_locals_and_inputs(string name) =>
        AssertWorks(5, Nets($$"""
            [Model] public static double F1(Vec x, [Shape("{{name}}")] Vec w) => Dot(w, Tanh(x));
            [Model] public static double F2(Vec x, [Shape("H")] Vec @{{name}}) => Dot(@{{name}}, Tanh(x));
            [Model] public static double F3(Vec x, [Shape("H")] Vec w, double @{{name}}) => Dot(w, x) * @{{name}};
            [Model] public static double F4(Vec x, [Shape("H")] Vec w)
            {
                var @{{name}} = Tanh(x);
                return Dot(w, @{{name}});
            }
            [Model] public static double F5(Vec @{{name}}, [Shape("H")] Vec w) => Dot(w, Tanh(@{{name}}));
            """));

    // --- broken sources: only the user's errors and SymGrad's located diagnostics ---

    public static TheoryData<string> BrokenContainers => new()
    {
        GeneratorHarness.Usings + "namespace Fuzz::.M1;\npublic static partial class Nets\n{\n    " + Model + "\n}\n",
        GeneratorHarness.Usings + "namespace Fuzz.\n{\npublic static partial class Nets\n{\n    " + Model + "\n}\n}\n",
        GeneratorHarness.Usings + "public static partial class\n{\n    " + Model + "\n}\n",
        GeneratorHarness.Usings + "public static partial class Nets :\n{\n    " + Model + "\n}\n",
        GeneratorHarness.Usings + "public static partial class Nets<\n{\n    " + Model + "\n}\n",
        GeneratorHarness.Usings + "public static partial class Nets\n{\n    " + Model + "\n",
        GeneratorHarness.Usings + "public static partial class Nets\n{\n    public partial class\n    {\n        " + Model + "\n    }\n}\n",
        GeneratorHarness.Usings + "namespace N\n{\n    public static partial class Nets\n    {\n        " + Model + "\n    }\n",
    };

    [Theory]
    [MemberData(nameof(BrokenContainers))]
    public void A_model_in_a_broken_container_adds_no_errors_of_its_own(string source)
    {
        var run = GeneratorHarness.Generate(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785" or "SG0099");
        var inGenerated = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        Assert.Empty(inGenerated);
        Assert.True(run.Sources.Count > 0 || run.SymGradDiagnostics.Any(d => d.Location != Location.None), "the model got neither code nor a located SG diagnostic");
    }
}
