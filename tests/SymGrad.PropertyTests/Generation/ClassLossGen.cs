using CsCheck;

namespace SymGrad.PropertyTests.Generation;

/// <summary>A generated class loss <c>[Loss] double L(Vec s, int y)</c>: its locals and returned expression.</summary>
public sealed record ClassLossSpec(IReadOnlyList<(string Declaration, string Value)> Locals, string Result)
{
    /// <summary>The [Loss] method, as it goes inside a static partial class.</summary>
    public string ToMethod(string name)
    {
        string header = $"    [Loss]\n    public static double {name}(Vec s, int y)";
        if (Locals.Count == 0) return $"{header}\n        => {Result};\n";
        string body = string.Concat(Locals.Select(l => $"        {l.Declaration} = {l.Value};\n"));
        return $"{header}\n    {{\n{body}        return {Result};\n    }}\n";
    }
}

/// <summary>
/// Random smooth class losses over scores s ∈ [−10, 10]^K (the vector models bound theirs so) and a label y: sums of
/// terms built from LogSumExp(s), s[y], a constant entry s[0], Softmax(s), Sum, Dot and entrywise functions, sometimes
/// through a local. Every term depends on s, so ∂L/∂s is never trivially 0.
/// </summary>
public static class ClassLossGen
{
    // Each term is smooth everywhere in its domain and finite for |s| ≤ 10 (Exp's arguments stay ≤ 1).
    private static readonly string[] s_terms =
    {
        "(LogSumExp(s) - s[y])",
        "Square(s[y] - 1) / 10",
        "Sum(Tanh(s))",
        "Dot(Softmax(s), s)",
        "Exp(-s[y] / 10)",
        "Log(1 + Exp(s[y] - LogSumExp(s)))",
        "Sum(s) / s.Length",
        "Sum(Square(s)) / 100",
        "Sqrt(1 + Square(s[y]))",
        "s[0] / 4",
        "Sum(Sigmoid(s - s[y]))",
    };

    private static readonly string[] s_coefficients = { "1", "0.5", "2", "0.25", "0.9", "1.5" };

    public static ClassLossSpec Generate(PCG pcg)
    {
        int Next(int n) => (int)pcg.Next((uint)n);
        var locals = new List<(string Declaration, string Value)>();
        var terms = Enumerable.Range(0, 1 + Next(3)).Select(_ => s_terms[Next(s_terms.Length)]).ToList();
        // A local holding LogSumExp(s) (var or double), read by the terms that use it: one node with several uses.
        if (Next(3) == 0 && terms.Any(t => t.Contains("LogSumExp(s)", StringComparison.Ordinal)))
        {
            locals.Add((Next(2) == 0 ? "var z" : "double z", "LogSumExp(s)"));
            terms = terms.Select(t => t.Replace("LogSumExp(s)", "z", StringComparison.Ordinal)).ToList();
        }
        var result = new System.Text.StringBuilder();
        for (int k = 0; k < terms.Count; k++)
        {
            if (k > 0) result.Append(Next(3) == 0 ? " - " : " + ");
            string coefficient = s_coefficients[Next(s_coefficients.Length)];
            result.Append(coefficient == "1" ? terms[k] : $"{coefficient} * {terms[k]}");
        }
        return new ClassLossSpec(locals, result.ToString());
    }
}
