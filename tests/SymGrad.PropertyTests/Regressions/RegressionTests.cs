namespace SymGrad.PropertyTests.Regressions;

/// <summary>
/// Minimal repros of generator bugs the property tests found, each checked as the property tests check it.
/// One comment per test names the bug it guards (docs/property-tests.md keeps the history).
/// </summary>
public class RegressionTests
{
    // Bug (robustness fuzzing, seed 6024926884636041669, mutation 548): a value stored for a kernel (tanh(z)) and also read
    // by an inlined summand in its own loop (Σ (z + 1)^−0.5) was written only to its buffer; the summand read a local
    // that was never declared (CS0103).
    [Fact]
    public void A_stored_value_read_by_an_inlined_summand_in_its_loop_compiles_and_checks() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("D")] Vec x, double c)
        {
            var z = 0 * (c * x);
            return Sum(Tanh(z)) + Sum(Pow(z + 1, -0.5));
        }
        """, valueSeed: 1, ("D", 3));

    // Bug: z + 1 stayed "recomputed where read" after z (a broadcast 0, which tanh reads whole) had to be stored, so
    // nothing computed z (SG0099, KeyNotFoundException).
    [Fact]
    public void A_recomputed_value_never_reads_a_stored_one_nothing_computes() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("D")] Vec x, double c)
        {
            var z = (c + 2) * 0 / (x + 2);
            return Sum(Tanh(z)) + c * Sum(Pow(z + 1, -0.5));
        }
        """, valueSeed: 1, ("D", 3));

    // Bug: an input the result does not read broke the emitted class (members without names, CS1519/CS1001).
    [Fact]
    public void Unused_input_compiles_and_checks() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("K")] Vec x, double c0)
            => c0;
        """, valueSeed: 1, ("K", 1));

    // Bug: an unused parameter emitted members such as '_Offset' and 'Span<double>  =>' (CS1519, CS1001).
    [Fact]
    public void Unused_parameter_compiles_and_checks() => RegressionCase.Check("""
        [Model]
        public static double M(Vec x, [Shape("K")] Vec v, double c)
            => Dot(v, x);
        """, valueSeed: 1, ("K", 2));

    // Bug: a parameter read only by a local the result ignores broke the emitted class like an unused one.
    [Fact]
    public void Parameter_used_only_by_an_unused_local_compiles_and_checks() => RegressionCase.Check("""
        [Model]
        public static double M(Vec x, [Shape("K")] Vec v, double c)
        {
            var h = c * v;
            return Dot(v, x);
        }
        """, valueSeed: 1, ("K", 2));

    // Bug: c0 + c0 counted the two identical adjoint contributions once (∂/∂c0 = 1 instead of 2).
    [Fact]
    public void Same_operand_twice_gets_both_adjoint_contributions() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("K")] Vec x, double c0)
            => ((c0 + c0) + Sum(x));
        """, valueSeed: 14974085124154362089, ("K", 1));

    // Bug: v ⊙ v lost one of its two equal gradient sinks to hash-consing (half the gradient).
    [Fact]
    public void Hadamard_square_of_a_vector_has_the_right_gradient() => RegressionCase.Check("""
        [Model]
        public static double M(Vec x, [Shape("K")] Vec v)
            => Dot(v * v, x);
        """, valueSeed: 1, ("K", 2));

    // Bug: c0 + (c0 + 1) merged the two additive paths' equal contributions into one.
    [Fact]
    public void Two_additive_paths_to_one_parameter_both_count() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("2")] Vec x, double c0)
            => ((c0 + (c0 + 1)) + Sum(x));
        """, valueSeed: 15385627751381981936);

    // Bug: when an identity (a·1, 1·a, a + 0, −(−a), Pow(a, 1)) folds to a node a that has another use,
    // the adjoints of the folded node and of a are both declared 'double t1Bar' (CS0128).
    [Fact]
    public void Folded_multiplication_by_one_keeps_adjoint_names_distinct() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("K")] Vec x, double c0)
            => (Tanh(c0) * 1) / 3 - Tanh(c0);
        """, valueSeed: 1, ("K", 1));

    // Bug: v[h] folds to v, so an index-sum entry of a computed vector with another use (here W·x, also
    // summed directly) declares that vector's adjoint twice (CS0128). Hits realistic index-sum models.
    [Fact]
    public void Entry_of_a_node_with_another_use_keeps_adjoint_names_distinct() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("K")] Vec x, [Shape("K")] Vec v0, [Shape("K", "K")] Mat W1)
            => Sum(W1.Rows, h => v0[h] * Tanh(Dot(W1[h], x))) + Sum(W1 * x);
        """, valueSeed: 1, ("K", 2));

    // Bug: generated code calls nameof(...), which a user member named nameof in the model's class hijacks (CS1503).
    [Fact]
    public void User_member_named_nameof_does_not_break_the_generated_code()
    {
        string? violation = Robustness.RobustnessInvariants.Violation(
            "using SymGrad;\nusing static SymGrad.Ops;\npublic static partial class Nets\n{\n    [Model]\n    public static double F([Shape(\"D\")] Vec x, double c) => c * Sum(x);\n    public static double nameof(double a) => a;\n}\n");
        Assert.True(violation is null, violation);
    }

    // Bug: a model without parameters emitted 'DefaultSchemes { get; } = new[] { };', an implicitly-typed array
    // with no elements (CS0826).
    [Fact]
    public void Model_without_parameters_compiles_and_checks() => RegressionCase.Check("""
        [Model]
        public static double M([Shape("D")] Vec x)
            => 0.25;
        """, valueSeed: 1, ("D", 1));

    // Bug: a local holding an int ('var s = 2;') was read as a double, so 's / 3' was 2/3 in Forward and Gradient but
    // 0 in C#. Such a local is now an SG0002 error (its exact span: SymGrad.Generator.Tests.DiagnosticTests).
    [Fact]
    public void Int_local_is_diagnosed_rather_than_divided_as_a_double()
    {
        string? violation = Robustness.RobustnessInvariants.Violation(
            "using SymGrad;\nusing static SymGrad.Ops;\npublic static partial class Nets\n{\n    [Model]\n    public static double M([Shape(\"D\")] Vec x, double c0)\n    {\n        var s = 2;\n        return c0 + s / 3 + Sum(x);\n    }\n}\n");
        Assert.True(violation is null, violation);
    }

    // Bug: [Shape(null)] failed inside the generator instead of getting an SG diagnostic.
    [Fact]
    public void Null_dimension_is_diagnosed() => AssertRobust("null dim");

    // Bug: two [Model] overloads of one name failed inside the generator (now SG0010: one generated class per name).
    [Fact]
    public void Overloaded_models_do_not_crash_the_generator() => AssertRobust("overloads");

    // Bug: an existing member named like the generated class (FModel) gave uncompilable code instead of SG0010.
    [Fact]
    public void Existing_type_named_like_the_generated_class_is_diagnosed() => AssertRobust("model named like the generated class");

    // Bug: [Model] on a local function got neither code nor an SG diagnostic.
    [Fact]
    public void Model_on_a_local_function_is_diagnosed() => AssertRobust("attribute on a local function");

    // Bug: [Model] on a method in top-level statements got neither code nor an SG diagnostic.
    [Fact]
    public void Model_in_top_level_statements_is_diagnosed() => AssertRobust("top-level method");

    // Bug: keyword parameter names written @double gave uncompilable code without an SG error.
    [Fact]
    public void Verbatim_parameter_names_are_escaped() => AssertRobust("verbatim identifiers");

    // Bug: a local shadowing a parameter produced uncompilable code without an SG error.
    [Fact]
    public void Local_shadowing_a_parameter_gets_an_SG_error_or_compiling_code() => AssertRobust("local shadowing a parameter");

    // Bug: a half-typed body (a syntax error) gave uncompilable generated code without an SG error.
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

    // Bug: s0 = (c ? score : score) folded to score, so s0 / 3 merged with score / 3 and that node became its own
    // adjoint's label: naming it threw (SG0099, NullReferenceException).
    [Fact]
    public void An_adjoint_that_simplifies_into_its_own_node_is_not_named_after_itself() => RegressionCase.CheckWithLoss("""
        [Model]
        public static double M([Shape("K")] Vec x, [Shape("K")] Vec v0)
            => Dot(v0, x);
        """, """
        [Loss]
        public static double L(double score, double label)
        {
            var s0 = ((2 + label) >= 0.1 ? score : score);
            return ((score / 3) * (s0 / 3));
        }
        """, valueSeed: 1, ("K", 3));

    // Found with the bug above: b̄ = 1·a folded to the forward value a, which was then named and commented as an adjoint.
    [Fact]
    public void An_adjoint_that_simplifies_into_a_forward_value_checks() => RegressionCase.CheckWithLoss("""
        [Model]
        public static double M([Shape("K")] Vec x, [Shape("K")] Vec v0)
            => Dot(v0, x);
        """, """
        [Loss]
        public static double L(double g, double y) => (g / 3) * (2 * g) + Pow(g, 1) * (y * g);
        """, valueSeed: 2, ("K", 2));

    // Bug (found by a review's long run, SYMGRAD_PROPERTY_SEED=4242): a constant condition folded the unchosen branch's
    // adjoint to the constant 0, and folding then made 0 · √(−1.7) NaN.
    [Fact]
    public void A_constant_condition_folds_its_dead_branch_to_0_not_NaN() => RegressionCase.CheckWithLoss("""
        [Model]
        public static double M([Shape("K")] Vec x, [Shape("K")] Vec v0)
            => Dot(v0, x);
        """, """
        [Loss]
        public static double L(double s, double y)
            => ((y < 0.3 ? 1 : 1.0) <= -0.7 ? Sqrt(-0.7 - (y < 0.3 ? 1 : 1.0)) * ((s / 3.0) / 1.5) : Ops.Sqrt(3)) + Square(s - y);
        """, valueSeed: 3, ("K", 2));

    // Bug (found by a 20,000-model run, SYMGRAD_PROPERTY_SEED=20261133): a literal −0.0 counted as an atom, so negating
    // it printed "--0.0", a decrement (CS1059). Here the score does not depend on the parameters (0 / …), so their
    // masked adjoints fold to −0.
    [Fact]
    public void Negative_zero_literals_are_parenthesised() => RegressionCase.CheckWithLoss("""
        [Model]
        public static double M([Shape("4")] Vec x, double c0, [Shape("4")] Vec v1, [Shape("4", "4")] Mat W2, [Shape("4", "4")] Mat W3, [Shape("4", "4")] Mat W4)
        {
            Vec h0 = Exp(Sqrt((x + 2)));
            var s1 = ((Square(Sqrt((c0 + 2))) / (Math.Pow(Math.Pow((c0 + 2), 0.5), 3) / 2)) + Tanh(Sum((-SqDist(W2, v1)))));
            Vec h2 = (-Log((Log(((W3 * Tanh(h0)) + 5)) + 1)));
            return (Math.Sqrt((((0 / (Tanh(s1) - 2)) / Ops.Pow(Tanh((s1 + 2)), -0.5)) + 1)) / (Sum(W4.Rows, k => x[k]) + 5));
        }
        """, """
        [Loss]
        public static double L(double score, double label)
            => Tanh((label + Square(score - label) / 4));
        """, valueSeed: 5);
}
