namespace SymGrad;

/// <summary>
/// Marks a static method whose body is the expression of a differentiable model.
/// The SymGrad generator reads the body at compile time and emits a nested class
/// <c>{MethodName}Model</c> with allocation-free <c>Forward</c> and <c>Gradient</c> methods (and, with
/// <see cref="Precision"/>, a float32 twin <c>{MethodName}ModelFloat32</c>).
/// </summary>
/// <remarks>
/// The first parameter is the input (a <see cref="Vec"/>); every further parameter is learnable.
/// Learnable vectors and matrices declare their dimensions with <see cref="ShapeAttribute"/>.
/// The method must return <see cref="double"/> and its containing types must be <c>partial</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <summary>
    /// The element types to generate classes for: <see cref="SymGrad.Precision.Float64"/> (the default) gives
    /// <c>{MethodName}Model</c>, <see cref="SymGrad.Precision.Float32"/> gives <c>{MethodName}ModelFloat32</c>, and
    /// <c>Precision.Float64 | Precision.Float32</c> gives both from the same graph. Any other value is SG0023.
    /// </summary>
    public Precision Precision { get; set; } = Precision.Float64;
}
