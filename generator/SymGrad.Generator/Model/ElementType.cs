using System.Collections.Generic;
using System.Linq;
using static SymGrad.Generator.Common.Namespaces;

namespace SymGrad.Generator.Model;

/// <summary>
/// The element type a generated class computes in, read by every emitter: the C# keyword of its values, spans and
/// literals, the math class of its functions, its class name and the interface it implements. The op table's templates
/// are written once against these (<see cref="Operations.ICodeContext"/>), so a float32 class is the same code with the
/// element type substituted. The loss is the exception by design: losses are double in the runtime, so a loss value stays
/// double and its derivative is narrowed back (<see cref="Narrow"/>); a vector model's scores reach the loss through
/// <see cref="ScoreLoss"/>.
/// </summary>
/// <param name="Keyword">The C# type of a value: double or float.</param>
/// <param name="Suffix">The suffix of its literals: none, or f.</param>
/// <param name="MathClass">The class of its functions: System.Math or System.MathF.</param>
/// <param name="ClassSuffix">What the generated class's name ends with after "Model".</param>
/// <param name="Flag">Its SymGrad.Precision flag.</param>
/// <param name="ScalarContract">The interface a scalar model of this type implements.</param>
/// <param name="Adjective">How the class's summary names it ("the float32 model"), empty for the default type.</param>
/// <param name="VectorContract">The interface a vector model (one returning K scores) of this type implements.</param>
/// <param name="FactoredContract">The interface a scalar model with rank-1 weight gradients also implements (GradientFactored).</param>
/// <param name="FactoredClassContract">The interface a vector model with rank-1 weight gradients also implements.</param>
/// <param name="ScoreLossFormat">
/// Who evaluates a vector model's loss member {0} on score spans of this type: <c>TLoss</c> itself for double spans, the
/// runtime's <c>WideningLoss</c> (double loss on widened scores, derivative narrowed) for float spans.
/// </param>
internal sealed record ElementType(string Keyword, string Suffix, string MathClass, string ClassSuffix, int Flag, string ScalarContract, string Adjective,
    string VectorContract, string FactoredContract, string FactoredClassContract, string ScoreLossFormat)
{
    public static readonly ElementType Float64 = new("double", "", $"{Sys}.Math", "", 1, $"{Runtime}.IModel", "",
        $"{Runtime}.IVectorModel", $"{Runtime}.IFactoredGradient", $"{Runtime}.IFactoredClassGradient<double>", "TLoss.{0}");

    public static readonly ElementType Float32 = new("float", "f", $"{Sys}.MathF", "Float32", 2, $"{Runtime}.IModel<float>", "float32 ",
        $"{Runtime}.IVectorModel<float>", $"{Runtime}.IFactoredGradient<float>", $"{Runtime}.IFactoredClassGradient<float>", $"{Runtime}.WideningLoss.{{0}}<TLoss>");

    /// <summary>Every element type, in the order their classes are written.</summary>
    public static IReadOnlyList<ElementType> All { get; } = new[] { Float64, Float32 };

    /// <summary>The flags SymGrad.Precision defines.</summary>
    public static int Defined => All.Aggregate(0, (flags, t) => flags | t.Flag);

    /// <summary>The element types a Precision value asks for.</summary>
    public static IEnumerable<ElementType> Of(int precision) => All.Where(t => (precision & t.Flag) != 0);

    /// <summary>A span of values.</summary>
    public string Span => $"{Sys}.Span<{Keyword}>";

    /// <summary>A SIMD vector of values, as generated lane loops hold them (Vector&lt;T&gt;.Count entries).</summary>
    public string Lanes => $"{Sys}.Numerics.Vector<{Keyword}>";

    /// <summary>The interface a scalar (or, with <paramref name="vector"/>, a class-label) model whose minibatch gradient keeps its factors implements (GradientBatchFactored).</summary>
    public string FactoredBatchContract(bool vector) => $"{Runtime}.{(vector ? "IFactoredClassBatchGradient" : "IFactoredBatchGradient")}<{Keyword}>";

    /// <summary>A read-only span of values.</summary>
    public string ReadOnlySpan => $"{Sys}.ReadOnlySpan<{Keyword}>";

    /// <summary>The target of a vector model's loss, a class label or a target vector of this type.</summary>
    public string ScoreTarget => $"{Runtime}.ScoreTarget<{Keyword}>";

    /// <summary>The call of a vector model's loss member (Value, Derivative) on score spans of this type.</summary>
    public string ScoreLoss(string member) => string.Format(System.Globalization.CultureInfo.InvariantCulture, ScoreLossFormat, member);

    /// <summary>A literal of this type: round-trip, culture-invariant.</summary>
    public string Literal(double value) => Emit.Literals.Format(value, this);

    /// <summary>A double-valued expression (a loss's derivative, a user function's result) as a value of this type.</summary>
    public string Narrow(string code) => Keyword == Float64.Keyword ? code : $"({Keyword})({code})";

    /// <summary>The C# type of an op's value: the element type, except a loss, which the runtime computes in double.</summary>
    public string ValueType(Operations.Operation op) => op.IsLossValue ? Float64.Keyword : Keyword;
}
