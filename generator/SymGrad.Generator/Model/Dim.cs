using System.Globalization;

namespace SymGrad.Generator.Model;

internal enum DimKind
{
    /// <summary>No dimension: the unused axes of a scalar's or a vector's shape (the default value).</summary>
    None,
    /// <summary>A size given to the generated constructor, e.g. <c>H</c>.</summary>
    Named,
    /// <summary>A size known at compile time, e.g. <c>2</c>.</summary>
    Constant,
    /// <summary>Not yet known; the shape checker infers it.</summary>
    Variable,
}

/// <summary>One dimension of a shape.</summary>
internal readonly record struct Dim(DimKind Kind, string Name, int Value)
{
    public static Dim Named(string name) => new(DimKind.Named, name, 0);

    public static Dim Constant(int value) => new(DimKind.Constant, string.Empty, value);

    public static Dim Variable(int id) => new(DimKind.Variable, string.Empty, id);

    /// <summary>The C# expression for this size inside generated methods (a local or a literal).</summary>
    public string Code => Kind == DimKind.Constant ? Value.ToString(CultureInfo.InvariantCulture) : Name;

    public override string ToString() => Kind switch
    {
        DimKind.Named => Name,
        DimKind.Constant => Value.ToString(CultureInfo.InvariantCulture),
        _ => "?",
    };
}
