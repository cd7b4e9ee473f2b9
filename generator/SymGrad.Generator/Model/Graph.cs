using SymGrad.Generator.Common;

namespace SymGrad.Generator.Model;

/// <summary>A computation graph: nodes in topological order (every node's arguments precede it).</summary>
internal sealed record Graph(EquatableArray<Node> Nodes)
{
    public Node this[int id] => Nodes[id];

    public int Count => Nodes.Count;
}
