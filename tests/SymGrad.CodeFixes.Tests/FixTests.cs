using static SymGrad.CodeFixes.Tests.FixTest<SymGrad.CodeFixes.Tests.GeneratorDiagnostics, SymGrad.CodeFixes.AddPartialFix>;

namespace SymGrad.CodeFixes.Tests;

/// <summary>
/// Each fix-it: the code it writes, that this code no longer has the diagnostic (nor any other, nor a compiler
/// error), and that the generator then builds the model and the whole compiles.
/// </summary>
public class FixTests
{
    private const string Shapes = """[Shape("H", "D")] Mat W, [Shape("H")] Vec v""";

    private static async Task Check<TFix>(string source, string fixedSource, int models = 1, int? iterations = null) where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
    {
        await GeneratorFix<TFix>.Verify(Usings + source, Usings + fixedSource, iterations);
        Generated.Compile(Usings + fixedSource, models);
    }

    [Fact]
    public Task Add_partial_to_the_type_and_its_containers() => Check<AddPartialFix>(
        $$"""
        public static class {|SG0001:Outer|}
        {
            internal static class {|SG0001:Nets|}
            {
                [Model] public static double F(Vec x, {{Shapes}}) => Dot(v, Tanh(W * x));
            }
        }
        """,
        $$"""
        public static partial class Outer
        {
            internal static partial class Nets
            {
                [Model] public static double F(Vec x, {{Shapes}}) => Dot(v, Tanh(W * x));
            }
        }
        """, iterations: 1);

    [Theory]
    [InlineData("global::SymGrad.Model")]
    [InlineData("SymGrad.ModelAttribute")]
    [InlineData("ModelAttribute")]
    public Task Add_partial_whatever_the_attribute_is_spelled(string attribute) => Check<AddPartialFix>(
        $$"""
        public static class {|SG0001:Outer|}
        {
            internal static class {|SG0001:Nets|}
            {
                [{{attribute}}] public static double F(Vec x, {{Shapes}}) => Dot(v, Tanh(W * x));
            }
        }
        """,
        $$"""
        public static partial class Outer
        {
            internal static partial class Nets
            {
                [{{attribute}}] public static double F(Vec x, {{Shapes}}) => Dot(v, Tanh(W * x));
            }
        }
        """, iterations: 1);

    [Fact]
    public Task Add_partial_to_a_type_without_modifiers() => Check<AddPartialFix>(
        $$"""
        class {|SG0001:Nets|}
        {
            [Model] public static double F(Vec x, {{Shapes}}) => Dot(v, Tanh(W * x));
        }
        """,
        $$"""
        partial class Nets
        {
            [Model] public static double F(Vec x, {{Shapes}}) => Dot(v, Tanh(W * x));
        }
        """);

    [Fact]
    public Task Add_static() => Check<AddStaticFix>(
        $$"""
        public partial class Nets
        {
            [Model] public double {|SG0004:F|}(Vec x, {{Shapes}}) => Dot(v, Tanh(W * x));
        }
        """,
        $$"""
        public partial class Nets
        {
            [Model] public static double F(Vec x, {{Shapes}}) => Dot(v, Tanh(W * x));
        }
        """);

    [Fact]
    public Task Add_a_shape_with_fresh_dimension_names() => Check<AddShapeFix>(
        """
        public static partial class Nets
        {
            [Model] public static double F(Vec x, {|SG0006:Mat|} W) => Sum(Tanh(W * x));
        }
        """,
        """
        public static partial class Nets
        {
            [Model] public static double F(Vec x, [Shape("H", "D")] Mat W) => Sum(Tanh(W * x));
        }
        """);

    [Fact]
    public async Task A_fresh_dimension_is_new_so_the_shape_checker_asks_where_it_must_match_another()
    {
        // The template's names are fresh by design: which existing dimension the user means is theirs to say.
        // Here v and Tanh(W * x) must have one length, so the user renames K to H; SG0008 says exactly that.
        var test = new FixTest<GeneratorDiagnostics, AddShapeFix>(
            Usings + "public static partial class Nets\n{\n    [Model] public static double F(Vec x, [Shape(\"H\", \"D\")] Mat W, {|SG0006:Vec|} v) => Dot(v, Tanh(W * x));\n}\n",
            Usings + "public static partial class Nets\n{\n    [Model] public static double F(Vec x, [Shape(\"H\", \"D\")] Mat W, [Shape(\"K\")] Vec v) => {|SG0008:Dot(v, Tanh(W * x))|};\n}\n");
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("Math.Log(Dot(v, v), 2) + Sum(W * x)", "Log(Dot(v, v)) / Math.Log(2) + Sum(W * x)")]
    public Task Rewrite_a_math_function_with_ops(string call, string rewritten)
    {
        // Math.Max, Min and Abs are ops of their own now; a logarithm to another base is the one form left to rewrite.
        const string id = "SG0002";
        int at = call.IndexOf("Math.", StringComparison.Ordinal);
        int end = call.IndexOf(", 2)", StringComparison.Ordinal) + 4;
        string marked = call[..at] + "{|" + id + ":" + call[at..end] + "|}" + call[end..];
        return Check<RewriteMathFix>(
            $"using System;\n\npublic static partial class Nets\n{{\n    [Model] public static double F(Vec x, {Shapes}) => {marked};\n}}\n",
            $"using System;\n\npublic static partial class Nets\n{{\n    [Model] public static double F(Vec x, {Shapes}) => {rewritten};\n}}\n");
    }

    [Fact]
    public Task Rename_a_parameter_named_like_a_member_of_the_generated_class() => Check<RenameCollisionFix>(
        $$"""
        public static partial class Nets
        {
            [Model] public static double F(Vec x, {{Shapes}}, [Shape("H")] Vec {|SG0010:Predict|}) => Dot(v, W * x) + Dot(Predict, v);
        }
        """,
        $$"""
        public static partial class Nets
        {
            [Model] public static double F(Vec x, {{Shapes}}, [Shape("H")] Vec Predict1) => Dot(v, W * x) + Dot(Predict1, v);
        }
        """);

    [Fact]
    public Task Rename_a_parameter_with_a_private_field_name() => Check<RenameCollisionFix>(
        $$"""
        public static partial class Nets
        {
            [Model] public static double F(Vec x, {{Shapes}}, double {|SG0010:_theta|}) => Dot(v, W * x) * _theta;
        }
        """,
        $$"""
        public static partial class Nets
        {
            [Model] public static double F(Vec x, {{Shapes}}, double theta) => Dot(v, W * x) * theta;
        }
        """);

    [Fact]
    public Task Rename_a_local() => Check<RenameCollisionFix>(
        $$"""
        public static partial class Nets
        {
            [Model] public static double F(Vec x, {{Shapes}})
            {
                var {|SG0010:loss|} = W * x;
                return Dot(v, loss);
            }
        }
        """,
        $$"""
        public static partial class Nets
        {
            [Model] public static double F(Vec x, {{Shapes}})
            {
                var loss1 = W * x;
                return Dot(v, loss1);
            }
        }
        """);

    [Fact]
    public Task Rename_a_member_named_like_the_generated_class() => Check<RenameCollisionFix>(
        $$"""
        public static partial class Nets
        {
            public static int FModel() => 1;
            public static int Twice() => 2 * FModel();
            [Model] public static double {|SG0010:F|}(Vec x, {{Shapes}}) => Dot(v, W * x);
        }
        """,
        $$"""
        public static partial class Nets
        {
            public static int FModel1() => 1;
            public static int Twice() => 2 * FModel1();
            [Model] public static double F(Vec x, {{Shapes}}) => Dot(v, W * x);
        }
        """);

    [Fact]
    public async Task Name_the_dimensions_of_a_model_constructed_by_position()
    {
        const string model = Usings + "namespace Demo;\n\npublic static partial class Nets\n{\n    [Model] public static double F(Vec x, [Shape(\"H\", \"D\")] Mat W, [Shape(\"H\")] Vec v) => Dot(v, Tanh(W * x));\n}\n";
        string generated = Generated.Source(model);
        var test = AnalyzerFix<NameDimensionsFix>.Test(
            "namespace Demo;\n\npublic static class Use\n{\n    public static Nets.FModel Make() => new Nets.FModel({|SG0020:16|}, 2, seed: 1);\n}\n",
            "namespace Demo;\n\npublic static class Use\n{\n    public static Nets.FModel Make() => new Nets.FModel(H: 16, D: 2, seed: 1);\n}\n");
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.Sources.Add(("Model.cs", model));
            state.Sources.Add(("Nets.F.g.cs", generated));
        }
        await test.RunAsync(TestContext.Current.CancellationToken);
    }
}
