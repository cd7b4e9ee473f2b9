using System.Text.RegularExpressions;
using SymGrad.PropertyTests.Generation;

namespace SymGrad.PropertyTests;

/// <summary>The random models exercise every op and form of the language, so a green property run means something.</summary>
public class GeneratorCoverage
{
    [Fact]
    public void Random_models_use_every_op_and_form()
    {
        var sources = Enumerable.Range(0, 500).Select(i => GradientProperties.CaseOf(99, i).Spec).ToList();
        string all = string.Join("\n", sources.Select(s => s.ToString()));
        string[] forms =
        {
            @"\bTanh\(", @"\bExp\(", @"\bLog\(", @"\bSigmoid\(", @"\bRelu\(", @"\bSquare\(", @"\bSqrt\(", @"\bPow\(",
            @"\bDot\(", @"\bSum\(", @"\bSqDist\(W\d+, ", @"\bSqDist\((?!W\d)", @"\(W\d+ \* ", @" / ", @" - ", @"\(-", @" \+ ",
            @"Math\.\w+\(", @"Ops\.\w+\(", @"var \w+ = ", @"Vec h\d+ = ", @"double s\d+ = ", @"Shape\(""[A-Z]""\)", @"Shape\(""\d""\)",
            @"\(Vec x,", @"Shape\(""\w""\)\] Vec x", @"Math\.Pow\(\S+, -", @"double c\d+",
        };
        var missing = forms.Where(f => !Regex.IsMatch(all, f)).ToList();
        Assert.True(missing.Count == 0, "never generated: " + string.Join(", ", missing));
        Assert.Contains(sources, s => s.Size >= 15);
    }
}
