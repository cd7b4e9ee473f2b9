using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Common;

namespace SymGrad.Generator.Model;

/// <summary>A computation graph: nodes in topological order (every node's arguments precede it).</summary>
internal sealed record Graph(EquatableArray<Node> Nodes)
{
    public Node this[int id] => Nodes[id];

    public int Count => Nodes.Count;

    /// <summary>The node and every node it depends on, in graph order.</summary>
    public List<int> AncestorsOf(int id)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(id);
        while (stack.Count > 0)
        {
            int next = stack.Pop();
            if (!seen.Add(next)) continue;
            foreach (int a in this[next].Args) stack.Push(a);
        }
        return seen.OrderBy(n => n).ToList();
    }
}
