using SymGrad.Generator.Common;

namespace SymGrad.Generator.Model;

/// <summary>Everything about a model's declaration that the emitted class needs, besides its graph.</summary>
/// <param name="Namespace">The containing namespace as C# source (keywords escaped: Probe.@class), empty for the global namespace.</param>
/// <param name="ContainingTypes">The containing types, outermost first, as C# source (e.g. "partial class Nets").</param>
/// <param name="MethodName">The [Model] method's name.</param>
/// <param name="Parameters">The method's parameters; the first is the input.</param>
/// <param name="FullName">The method's name with its namespace and containing types, unescaped (Demo.Nets.TwoLayer).</param>
/// <param name="IsLoss">A [Loss] method L(g, y), differentiated with respect to g, rather than a [Model].</param>
internal sealed record ModelHeader(
    string Namespace,
    EquatableArray<string> ContainingTypes,
    string MethodName,
    EquatableArray<ModelParameter> Parameters,
    string FullName,
    bool IsLoss)
{
    /// <summary>
    /// The SymGrad.Precision flags of [Model(Precision = …)]: which element types get a class (<see cref="ElementType.Of"/>),
    /// each emitted from the same graph and plans. A [Loss] is float64.
    /// </summary>
    public int Precision { get; init; } = ElementType.Float64.Flag;

    /// <summary>The generated file's preferred name (made unique among all models when the files are added).</summary>
    public string HintName => Emit.HintNames.For(FullName);

    public string ClassName => MethodName + (IsLoss ? "Loss" : "Model");
}

/// <summary>A parameter of the model method and the graph node that stands for it.</summary>
internal sealed record ModelParameter(string Name, bool IsInput, int NodeId);
