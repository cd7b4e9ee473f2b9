using SymGrad.Generator.Common;

namespace SymGrad.Generator.Model;

/// <summary>
/// One node of the computation graph, in SSA form: it reads the nodes <see cref="Args"/> (all with smaller ids).
/// </summary>
/// <param name="Id">Index of the node in its graph.</param>
/// <param name="Op">Name of its entry in the table of operations.</param>
/// <param name="Args">Ids of the nodes it reads.</param>
/// <param name="Shape">Its shape (unresolved dimensions until the shape checker has run).</param>
/// <param name="Value">A constant's value, or an operation's constant attribute (Pow's exponent).</param>
/// <param name="Name">A parameter's or local's name from the source, or empty.</param>
/// <param name="AdjointOf">For an adjoint node, the id of the node whose adjoint it is; otherwise -1.</param>
/// <param name="Source">The source text and the anchor it came from, for diagnostics; null for derived nodes.</param>
/// <param name="Callee">For a user function with a custom derivative: the fully qualified method the node calls.</param>
internal sealed record Node(int Id, string Op, EquatableArray<int> Args, Shape Shape, double Value, string Name, int AdjointOf, SourceInfo? Source, string Callee = "")
{
    /// <summary>Whether the node is the constant 0 (−0 included).</summary>
    public bool IsZero => Op == Operations.OperationTable.Const && Value == 0.0;
}

/// <summary>Where a node came from in the user's code.</summary>
internal sealed record SourceInfo(string Text, SyntaxAnchor? Anchor);
