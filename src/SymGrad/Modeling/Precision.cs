namespace SymGrad;

/// <summary>
/// The element types a <c>[Model]</c> method's generated classes compute in (<see cref="ModelAttribute.Precision"/>):
/// one class per flag, all from the same graph.
/// </summary>
[Flags]
public enum Precision
{
    /// <summary>IEEE binary64 (<see cref="double"/>): the class <c>{Method}Model</c>, an <see cref="IModel"/>.</summary>
    Float64 = 1,

    /// <summary>
    /// IEEE binary32 (<see cref="float"/>): the class <c>{Method}ModelFloat32</c>, an <see cref="IModel{T}"/> of
    /// <see cref="float"/>: half the memory per value and twice the values per SIMD instruction.
    /// </summary>
    Float32 = 2,
}
