using System.Text;
using System.Text.RegularExpressions;

namespace SymGrad.PropertyTests.Generation;

/// <summary>Renders a generated method: an expression body, or locals and one return.</summary>
public static class MethodText
{
    public static string Render(string header, IReadOnlyList<(string Declaration, Expr Value)> locals, Expr result)
    {
        var s = new StringBuilder(header);
        if (locals.Count == 0) return s.Append("\n        => ").Append(result.Code).Append(";\n").ToString();
        s.Append("\n    {\n");
        foreach (var (declaration, value) in locals) s.Append("        ").Append(declaration).Append(" = ").Append(value.Code).Append(";\n");
        return s.Append("        return ").Append(result.Code).Append(";\n    }\n").ToString();
    }

    public static bool Mentions(string code, string name) => Regex.IsMatch(code, $@"\b{name}\b");
}
