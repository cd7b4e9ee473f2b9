namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// A generated sub-expression, already rendered as C#. <see cref="Anchored"/> is whether its length is
/// fixed by a declared parameter (only expressions built from the undeclared input x are not), so the
/// generator knows when the input's length can be inferred.
/// </summary>
public sealed record Expr(string Code, ValueType Type, Interval Range, int Nodes, bool Anchored, bool UsesX)
{
    /// <summary>Whether it depends on a learnable parameter (or, in a loss, on the score g): a gradient flows through it.</summary>
    public bool Active { get; init; }

    /// <summary>Whether a Sign(...) of an active argument lies on its gradient path: the generator must answer SG0014.</summary>
    public bool SignOnGradientPath { get; init; }

    /// <summary>
    /// Whether C# types it int: int literals, + − * / of those and var locals holding one. Its range is a point, and
    /// dividing it by another int truncates (see ModelBuilder.Quotient). Node does not propagate it.
    /// </summary>
    public bool Integer { get; init; }

    /// <summary>A node built from <paramref name="args"/>: sizes add up, x-use, anchoring and activity propagate.</summary>
    public static Expr Node(string code, ValueType type, Interval range, params Expr[] args) =>
        new(code, type, range, 1 + args.Sum(a => a.Nodes), !type.IsVector || args.Any(a => a.Anchored && a.Type.IsVector), args.Any(a => a.UsesX))
        {
            Active = args.Any(a => a.Active),
            SignOnGradientPath = args.Any(a => a.SignOnGradientPath),
        };
}
