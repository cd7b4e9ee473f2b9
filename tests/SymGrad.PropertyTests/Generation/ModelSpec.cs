using System.Text;

namespace SymGrad.PropertyTests.Generation;

/// <summary>One generated model: its signature, locals, returned expression and the sizes of its named dims.</summary>
public sealed record ModelSpec(
    Dim InputDim,
    bool InputDeclared,
    IReadOnlyList<Parameter> Parameters,
    IReadOnlyList<(string Declaration, Expr Value)> Locals,
    Expr Result,
    int Size)
{
    /// <summary>Seeds the parameter, input and target values the model is checked with.</summary>
    public ulong ValueSeed { get; init; }

    /// <summary>Every named dimension with its size: the generated constructor's arguments.</summary>
    public IReadOnlyDictionary<string, int> NamedDims =>
        Parameters.SelectMany(p => p.Dims).Append(InputDim).Where(d => d.IsNamed)
            .GroupBy(d => d.Text).ToDictionary(g => g.Key, g => g.First().Size);

    /// <summary>The [Model] method, as it goes inside a static partial class.</summary>
    public string ToMethod(string name)
    {
        var s = new StringBuilder();
        string input = InputDeclared ? $"[Shape(\"{InputDim.Text}\")] Vec x" : "Vec x";
        s.Append("    [Model]\n    public static double ").Append(name).Append('(')
         .Append(string.Join(", ", Parameters.Select(p => p.Declaration).Prepend(input))).Append(')');
        if (Locals.Count == 0)
        {
            s.Append("\n        => ").Append(Result.Code).Append(";\n");
            return s.ToString();
        }
        s.Append("\n    {\n");
        foreach (var (declaration, value) in Locals) s.Append("        ").Append(declaration).Append(" = ").Append(value.Code).Append(";\n");
        s.Append("        return ").Append(Result.Code).Append(";\n    }\n");
        return s.ToString();
    }

    /// <summary>A test ready to paste into Regressions/: the model plus the dimension sizes it failed with.</summary>
    public string ToRegressionTest(string name)
    {
        string dims = string.Concat(NamedDims.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $", (\"{d.Key}\", {d.Value})"));
        return $"[Fact]\npublic void {name}() => RegressionCase.Check(\"\"\"\n{ToMethod("M")}\"\"\", valueSeed: {ValueSeed}{dims});\n";
    }

    public override string ToString() => ToMethod("M");
}
