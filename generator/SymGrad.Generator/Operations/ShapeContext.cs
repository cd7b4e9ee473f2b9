using SymGrad.Generator.Model;

namespace SymGrad.Generator.Operations;

/// <summary>Unifies dimensions while shapes are inferred.</summary>
internal interface IDimUnifier
{
    /// <summary>Makes two dimensions equal; false when they are different names or sizes.</summary>
    bool Unify(Dim a, Dim b);

    /// <summary>The dimension as far as it is known.</summary>
    Dim Resolve(Dim d);
}

/// <summary>What a shape rule sees: its arguments' shapes, their source text, and a way to report a mismatch.</summary>
internal sealed class ShapeContext
{
    private readonly IDimUnifier _unifier;
    private readonly string[] _argTexts;

    public ShapeContext(Shape[] args, string text, string[] argTexts, IDimUnifier unifier)
    {
        Args = args;
        Text = text;
        _argTexts = argTexts;
        _unifier = unifier;
    }

    public Shape[] Args { get; }

    /// <summary>The node's constant attribute (an index, an exponent).</summary>
    public double Value { get; init; }

    /// <summary>The source text of the whole expression.</summary>
    public string Text { get; }

    /// <summary>The mismatch message, once a rule has failed.</summary>
    public string? Error { get; private set; }

    public bool Unify(Dim a, Dim b) => _unifier.Unify(a, b);

    /// <summary>The dimension as far as it is known.</summary>
    public Dim Resolve(Dim d) => _unifier.Resolve(d);

    /// <summary>Records a mismatch between arguments <paramref name="a"/> and <paramref name="b"/>, naming both shapes.</summary>
    public Shape? Mismatch(int a, int b, string? why = null)
    {
        Error = $"{Text}: {_argTexts[a]} {Has(Args[a])} but {_argTexts[b]} {Has(Args[b])}" + (why is null ? string.Empty : $" ({why})");
        return null;
    }

    /// <summary>Records that argument <paramref name="k"/> has a shape the op does not take.</summary>
    public Shape? Wrong(int k, string expected)
    {
        Error = $"{Text}: {_argTexts[k]} {Has(Args[k])}, but {expected} is expected here";
        return null;
    }

    private string Has(Shape s) => s.Rank switch
    {
        0 => "is a scalar",
        1 => $"has length {_unifier.Resolve(s.Rows)}",
        _ => $"is {_unifier.Resolve(s.Rows)}×{_unifier.Resolve(s.Columns)}",
    };
}
