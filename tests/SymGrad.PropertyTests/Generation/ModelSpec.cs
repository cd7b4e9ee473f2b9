namespace SymGrad.PropertyTests.Generation;

/// <summary>One generated model: its signature, locals, returned expression, the sizes of its named dims and, sometimes, a [Loss] to train it with.</summary>
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

    /// <summary>The loss the gradient is checked with; SquaredLoss when null.</summary>
    public LossSpec? Loss { get; init; }

    /// <summary>Every named dimension with its size: the generated constructor's arguments.</summary>
    public IReadOnlyDictionary<string, int> NamedDims =>
        Parameters.SelectMany(p => p.Dims).Append(InputDim).Where(d => d.IsNamed)
            .GroupBy(d => d.Text).ToDictionary(g => g.Key, g => g.First().Size);

    /// <summary>The [Model] method, as it goes inside a static partial class.</summary>
    public string ToMethod(string name)
    {
        string input = InputDeclared ? $"[Shape(\"{InputDim.Text}\")] Vec x" : "Vec x";
        string header = $"    [Model]\n    public static double {name}({string.Join(", ", Parameters.Select(p => p.Declaration).Prepend(input))})";
        return MethodText.Render(header, Locals, Result);
    }

    /// <summary>The [Loss] method named L, or null.</summary>
    public string? LossMethod => Loss?.ToMethod("L");

    /// <summary>A test ready to paste into Regressions/: the model (and loss) plus the dimension sizes it failed with.</summary>
    public string ToRegressionTest(string name)
    {
        string dims = string.Concat(NamedDims.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $", (\"{d.Key}\", {d.Value})"));
        return LossMethod is { } loss
            ? $"[Fact]\npublic void {name}() => RegressionCase.CheckWithLoss(\"\"\"\n{ToMethod("M")}\"\"\", \"\"\"\n{loss}\"\"\", valueSeed: {ValueSeed}{dims});\n"
            : $"[Fact]\npublic void {name}() => RegressionCase.Check(\"\"\"\n{ToMethod("M")}\"\"\", valueSeed: {ValueSeed}{dims});\n";
    }

    public override string ToString() => LossMethod is { } loss ? ToMethod("M") + loss : ToMethod("M");
}
