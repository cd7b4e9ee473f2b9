namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// A generated sub-expression, already rendered as C#. <see cref="Anchored"/> is whether its length is
/// fixed by a declared parameter (only expressions built from the undeclared input x are not), so the
/// generator knows when the input's length can be inferred.
/// </summary>
public sealed record Expr(string Code, ValueType Type, Interval Range, int Nodes, bool Anchored, bool UsesX)
{
    /// <summary>A node built from <paramref name="args"/>: sizes add up, x-use and anchoring propagate.</summary>
    public static Expr Node(string code, ValueType type, Interval range, params Expr[] args) =>
        new(code, type, range, 1 + args.Sum(a => a.Nodes), type.IsScalar || args.Any(a => a.Anchored && !a.Type.IsScalar), args.Any(a => a.UsesX));
}
