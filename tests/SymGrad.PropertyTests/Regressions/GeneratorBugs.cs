namespace SymGrad.PropertyTests.Regressions;

/// <summary>
/// Minimal repros of generator bugs the property tests found. Each is skipped until the generator is fixed;
/// unskip it then (and flip the matching switch in Generation/, if any).
/// </summary>
public class GeneratorBugs
{
    [Fact]
    public void Unused_input_compiles_and_checks() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("K")] Vec x, double c0)
            => c0;
        """, valueSeed: 1, ("K", 1));

    [Fact]
    public void Unused_parameter_compiles_and_checks() => RegressionCase.Check("""
        [Model]
        public static double M(Vec x, [Shape("K")] Vec v, double c)
            => Dot(v, x);
        """, valueSeed: 1, ("K", 2));

    [Fact]
    public void Parameter_used_only_by_an_unused_local_compiles_and_checks() => RegressionCase.Check("""
        [Model]
        public static double M(Vec x, [Shape("K")] Vec v, double c)
        {
            var h = c * v;
            return Dot(v, x);
        }
        """, valueSeed: 1, ("K", 2));

    [Fact]
    public void Same_operand_twice_gets_both_adjoint_contributions() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("K")] Vec x, double c0)
            => ((c0 + c0) + Sum(x));
        """, valueSeed: 14974085124154362089, ("K", 1));

    [Fact]
    public void Hadamard_square_of_a_vector_has_the_right_gradient() => RegressionCase.Check("""
        [Model]
        public static double M(Vec x, [Shape("K")] Vec v)
            => Dot(v * v, x);
        """, valueSeed: 1, ("K", 2));

    [Fact]
    public void Two_additive_paths_to_one_parameter_both_count() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("2")] Vec x, double c0)
            => ((c0 + (c0 + 1)) + Sum(x));
        """, valueSeed: 15385627751381981936);

    [Fact]
    public void Null_dimension_is_diagnosed() => AssertRobust("null dim");

    [Fact]
    public void Overloaded_models_do_not_crash_the_generator() => AssertRobust("overloads");

    [Fact]
    public void Existing_type_named_like_the_generated_class_is_diagnosed() => AssertRobust("model named like the generated class");

    [Fact]
    public void Model_on_a_local_function_is_diagnosed() => AssertRobust("attribute on a local function");

    [Fact]
    public void Model_in_top_level_statements_is_diagnosed() => AssertRobust("top-level method");

    [Fact]
    public void Verbatim_parameter_names_are_escaped() => AssertRobust("verbatim identifiers");

    [Fact]
    public void Local_shadowing_a_parameter_gets_an_SG_error_or_compiling_code() => AssertRobust("local shadowing a parameter");

    [Fact]
    public void Half_typed_expression_gets_an_SG_error_or_compiling_code()
    {
        string? violation = Robustness.RobustnessInvariants.Violation(
            "using SymGrad;\nusing static SymGrad.Ops;\npublic static partial class Nets\n{\n    [Model]\n    public static double F([Shape(\"D\")] Vec x)\n        => (2  Sum(x);\n}\n");
        Assert.True(violation is null, violation);
    }

    private static void AssertRobust(string corpusEntry)
    {
        string? violation = Robustness.RobustnessInvariants.Violation(Robustness.BrokenCorpus.Cases[corpusEntry]);
        Assert.True(violation is null, violation);
    }
}
