namespace SymGrad.PropertyTests.Generation;

/// <summary>The loss a vector model's gradient is checked with: a built-in one, or a generated [Loss] over (Vec s, int y).</summary>
public enum VectorLossKind { SoftmaxCrossEntropy, MulticlassHinge, VectorSquaredLoss, UserClassLoss }

/// <summary>
/// One generated vector model, <c>[Model] Vec M(…)</c> returning K scores: its signature, its layers and other locals,
/// the returned expression, the output dim K and the loss its gradient is checked with.
/// </summary>
public sealed record VectorModelSpec(
    Dim InputDim,
    bool InputDeclared,
    Dim OutputDim,
    int Layers,
    IReadOnlyList<Parameter> Parameters,
    IReadOnlyList<(string Declaration, Expr Value)> Locals,
    Expr Result,
    VectorLossKind LossKind,
    ClassLossSpec? UserLoss)
{
    /// <summary>Seeds the parameter, input and target values the model is checked with.</summary>
    public ulong ValueSeed { get; init; }

    /// <summary>Every named dimension with its size: the generated constructor's arguments.</summary>
    public IReadOnlyDictionary<string, int> NamedDims =>
        Parameters.SelectMany(p => p.Dims).Append(InputDim).Append(OutputDim).Where(d => d.IsNamed)
            .GroupBy(d => d.Text).ToDictionary(g => g.Key, g => g.First().Size);

    /// <summary>The [Model] method, as it goes inside a static partial class.</summary>
    public string ToMethod(string name)
    {
        string input = InputDeclared ? $"[Shape(\"{InputDim.Text}\")] Vec x" : "Vec x";
        string header = $"    [Model]\n    public static Vec {name}({string.Join(", ", Parameters.Select(p => p.Declaration).Prepend(input))})";
        return MethodText.Render(header, Locals, Result);
    }

    /// <summary>The generated [Loss] method named L, or null for a built-in loss.</summary>
    public string? LossMethod => UserLoss?.ToMethod("L");

    public override string ToString() =>
        $"// K = {OutputDim.Size} ({OutputDim.Text}), {Layers} layers, checked with {LossKind}\n" + ToMethod("M") + (LossMethod ?? string.Empty);
}
