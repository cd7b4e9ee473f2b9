namespace SymGrad;

/// <summary>
/// Declares the dimensions of a model parameter: one for a <see cref="Vec"/>, two (rows, columns)
/// for a <see cref="Mat"/>. Each dimension is a name (its size is given to the generated model's
/// constructor) or a positive integer literal written as a string, e.g. <c>[Shape("H", "2")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ShapeAttribute : Attribute
{
    /// <summary>Declares the dimensions of the parameter.</summary>
    /// <param name="dimensions">One name or integer per axis.</param>
    public ShapeAttribute(params string[] dimensions) => Dimensions = dimensions;

    /// <summary>The declared dimensions, one per axis.</summary>
    public IReadOnlyList<string> Dimensions { get; }
}
