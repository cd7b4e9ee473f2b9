namespace SymGrad.PropertyTests.Generation;

/// <summary>A dimension as written in [Shape(...)]: a name ("H", sized at construction) or a constant ("3").</summary>
public sealed record Dim(string Text, int Size)
{
    public bool IsNamed => char.IsLetter(Text[0]);
}

/// <summary>
/// The type of a generated expression: a scalar (no dim), a vector of one dim, or an entry: inside an index sum
/// over a dim, a C# double that varies with the index (the generator sees it as a vector over that dim).
/// Matrices are only parameters.
/// </summary>
public sealed record ValueType(Dim? Dim, bool IsEntry = false)
{
    public static readonly ValueType Scalar = new((Dim?)null);

    public bool IsScalar => Dim is null;

    public bool IsVector => Dim is not null && !IsEntry;

    /// <summary>Written as a C# double: a scalar or an entry v[h].</summary>
    public bool IsDouble => !IsVector;

    public static ValueType Vector(Dim dim) => new(dim);

    public static ValueType EntryOf(Dim dim) => new(dim, IsEntry: true);

    public override string ToString() => Dim is null ? "double" : IsEntry ? $"entry over {Dim.Text}" : $"Vec[{Dim.Text}]";
}
