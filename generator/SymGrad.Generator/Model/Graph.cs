using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Common;

namespace SymGrad.Generator.Model;

/// <summary>A computation graph: nodes in topological order (every node's arguments precede it).</summary>
internal sealed record Graph(EquatableArray<Node> Nodes)
{
    public Node this[int id] => Nodes[id];

    public int Count => Nodes.Count;

    /// <summary>
    /// Which nodes depend on a parameter, and so need adjoints (the input and constants do not). An argument an op
    /// does not read (the range of an index, the shape a scalar is broadcast to) carries no dependence.
    /// </summary>
    /// <param name="source">The op whose nodes start the dependence: parameters, or the input for ∂f/∂x.</param>
    public bool[] Activity(string source = Operations.OperationTable.Param)
    {
        var active = new bool[Count];
        foreach (var node in Nodes)
        {
            var access = Operations.OperationTable.Get(node.Op).Access;
            active[node.Id] = node.Op == source
                || node.Args.Where((a, k) => access[k] != Operations.Access.None).Any(a => active[a]);
        }
        return active;
    }

    /// <summary>The node and every node it depends on, in graph order.</summary>
    public List<int> AncestorsOf(int id) => AncestorsOf(new[] { id });

    /// <summary>The nodes and every node they depend on, in graph order: one walk, however many the nodes.</summary>
    public List<int> AncestorsOf(IEnumerable<int> ids)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(ids);
        while (stack.Count > 0)
        {
            int next = stack.Pop();
            if (!seen.Add(next)) continue;
            foreach (int a in this[next].Args) stack.Push(a);
        }
        return seen.OrderBy(n => n).ToList();
    }
}
