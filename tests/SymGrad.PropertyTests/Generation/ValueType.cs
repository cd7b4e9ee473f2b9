namespace SymGrad.PropertyTests.Generation;

/// <summary>A dimension as written in [Shape(...)]: a name ("H", sized at construction) or a constant ("3").</summary>
public sealed record Dim(string Text, int Size)
{
    public bool IsNamed => char.IsLetter(Text[0]);
}

/// <summary>The type of a generated expression: a scalar (no dim) or a vector of one dim. Matrices are only parameters.</summary>
public sealed record ValueType(Dim? Dim)
{
    public static readonly ValueType Scalar = new((Dim?)null);

    public bool IsScalar => Dim is null;

    public static ValueType Vector(Dim dim) => new(dim);

    public override string ToString() => Dim is null ? "double" : $"Vec[{Dim.Text}]";
}
