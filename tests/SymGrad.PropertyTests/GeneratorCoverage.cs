using System.Text.RegularExpressions;
using SymGrad.PropertyTests.Generation;

namespace SymGrad.PropertyTests;

/// <summary>The random models exercise every op and form of the language, so a green property run means something.</summary>
public class GeneratorCoverage
{
    // One pattern per op or form; a name on the left says what a missing pattern means.
    private static readonly (string Form, string Pattern)[] s_forms =
    {
        ("Tanh", @"\bTanh\("), ("Exp", @"\bExp\("), ("Log", @"\bLog\("), ("Sigmoid", @"\bSigmoid\("), ("Relu", @"\bRelu\("),
        ("Square", @"\bSquare\("), ("Sqrt", @"\bSqrt\("), ("Pow", @"\bPow\("), ("negative Pow", @"Pow\([^;]*, -\d"),
        ("Dot", @"\bDot\((?![^()]*\[)"), ("Sum of a vector", @"\bSum\((?!\w+\.(Length|Rows))"), ("SqDist of vectors", @"\bSqDist\((?!W\d)"),
        ("row-wise SqDist", @"\bSqDist\(W\d+, "), ("Mat * Vec", @"\(W\d+ \* "),
        ("/", @" / "), ("binary -", @" - "), ("unary -", @"\(-"), ("+", @" \+ "), ("Math.F", @"Math\.\w+\("), ("Ops.F", @"Ops\.\w+\("),
        ("var local", @"var \w+ = "), ("Vec local", @"Vec h\d+ = "), ("double local", @"double s\d+ = "),
        ("named dim", @"Shape\(""[A-Z]""\)"), ("constant dim", @"Shape\(""\d""\)"), ("inferred input", @"\(Vec x,"),
        ("declared input", @"Shape\(""\w""\)\] Vec x"), ("scalar parameter", @"double c\d+"),
        // Index-sum notation and what its term is built from.
        ("Sum(v.Length, h => …)", @"Sum\([vh]\d+\.Length, \w+ => "), ("Sum(x.Length, h => …)", @"Sum\(x\.Length, \w+ => "),
        ("Sum(W.Rows, h => …)", @"Sum\(W\d+\.Rows, \w+ => "), ("v[h]", @"\bv\d+\[[hjkin]\]"), ("x[h]", @"\bx\[[hjkin]\]"),
        ("local[h]", @"\bh\d+\[[hjkin]\]"), ("(expression)[h]", @"\)\[[hjkin]\]"),
        ("entry of a local with another use", @"(?s)\b(h\d+)\[[hjkin]\].*\b\1\b(?![\[.])|\b(h\d+)\b(?![\[.]| = ).*\b\2\[[hjkin]\]"),
        ("Dot(W[h], u)", @"Dot\(W\d+\[[hjkin]\], "), ("Dot(u, W[h])", @"Dot\([^;]*, W\d+\[[hjkin]\]\)"),
        ("SqDist(W[h], u)", @"SqDist\(W\d+\[[hjkin]\], "), ("SqDist(u, W[h])", @"SqDist\([^;]*, W\d+\[[hjkin]\]\)"),
        // A row call's matrix also multiplied or row-wise distanced elsewhere: W·u is then one node with two uses.
        ("row call sharing its matrix", @"(?s)(?:\(W(\d+) \* |SqDist\(W(\d+), ).*?\bW(?:\1|\2)\[[hjkin]\]|\bW(\d+)\[[hjkin]\].*?(?:\(W\3 \* |SqDist\(W\3, )"),
        ("index i", @" i => "), ("function of an entry", @"=> [^;]*(Tanh|Exp|Softplus|Gauss)\([^;]*\[[hjkin]\]"),
        // Identities the generator folds away (a·1, 1·a, a/1, a ± 0, −(−a), Pow(a, 1)).
        ("a * 1", @" \* 1(\.0)?\)"), ("1 * a", @"\(1(\.0)? \* "), ("a / 1", @" / 1(\.0)?\)"), ("a + 0", @" \+ 0(\.0)?\)"),
        ("a - 0", @" - 0(\.0)?\)"), ("0 + a", @"\(0(\.0)? \+ "), ("-(-a)", @"\(-\(-"), ("Pow(a, 1)", @"Pow\([^;]*, 1\)"),
        // Sign off the gradient path, user functions with custom derivatives, losses.
        ("Sign", @"\bSign\("), ("Sign inside an index sum", @"=> [^;]*Sign\([^;]*x\[[hjkin]\]"),
        ("Softplus", @"\bSoftplus\("), ("ScaledTanh", @"\bScaledTanh\("), ("Gauss", @"\bGauss\("),
        ("[Loss]", @"\[Loss\]"), ("loss with a local", @"\[Loss\][^\[]*\{"), ("Sign of the target in a loss", @"\[Loss\][^\[]*Sign\("),
        // Conditionals: each comparison, on vectors, inside an index sum, in a loss.
        ("l > r ? a : c", @" > [-\d.]+ \? "), ("l >= r ? a : c", @" >= [-\d.]+ \? "), ("l < r ? a : c", @" < [-\d.]+ \? "),
        ("l <= r ? a : c", @" <= [-\d.]+ \? "), ("l == r ? a : c", @" == [-\d.]+ \? "), ("l != r ? a : c", @" != [-\d.]+ \? "),
        ("conditional of vectors", @"\? \(*(?:(?:[vh]\d+|x)\b(?!\[)|W\d+ \* )"), ("conditional inside an index sum", @"=> [^;]*\[[hjkin]\][^;]* \? "),
        ("conditional in a loss", @"\[Loss\][^\[]* \? "), ("branch guarded by its condition", @"\? \(Sqrt\(|: \(Sqrt\("), ("branch guarded through Log", @"[?:] \(Tanh\(Log\("),
        ("custom function in a loss", @"\[Loss\][^\[]*(Softplus|ScaledTanh|Gauss)\("),
    };

    [Fact]
    public void Random_models_use_every_op_and_form()
    {
        var specs = Enumerable.Range(0, 500).Select(i => GradientProperties.CaseOf(99, i).Spec).ToList();
        // Each pattern must match within one model (and its loss), so forms that relate two places mean one model.
        var texts = specs.Select(s => s.ToString()).ToList();
        var missing = s_forms.Where(f => !texts.Any(t => Regex.IsMatch(t, f.Pattern))).Select(f => f.Form).ToList();
        Assert.True(missing.Count == 0, "never generated: " + string.Join(", ", missing));
        Assert.Contains(specs, s => s.Size >= 15);
        Assert.InRange(specs.Count(s => s.Loss is not null), 150, 350);
    }

    [Fact]
    public void Sign_anywhere_models_put_Sign_and_comparisons_on_and_off_the_gradient_path()
    {
        var specs = Enumerable.Range(0, 200).Select(i => SignDiagnostics.CaseOf(99, i)).ToList();
        Assert.Contains(specs, s => s.Result.SignOnGradientPath);
        Assert.Contains(specs, s => !s.Result.SignOnGradientPath && s.ToString().Contains("Sign(", StringComparison.Ordinal));
        Assert.Contains(specs, s => !s.Result.SignOnGradientPath && s.ToString().Contains(" ? ", StringComparison.Ordinal));
    }
}
