using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Optimize;

/// <summary>
/// Rebuilds a graph keeping only what its roots need, folding constants (exactly, in IEEE arithmetic)
/// and dropping identities (x·1, x + 0, −(−x), x¹). Rebuilding through <see cref="GraphBuilder"/>
/// shares every repeated subexpression.
/// </summary>
internal static class Simplifier
{
    public static (Graph Graph, int[] Map) Simplify(Graph graph, IEnumerable<int> roots)
    {
        var live = new bool[graph.Count];
        var stack = new Stack<int>(roots);
        while (stack.Count > 0)
        {
            int id = stack.Pop();
            if (live[id]) continue;
            live[id] = true;
            foreach (int a in graph[id].Args) stack.Push(a);
        }

        var builder = new GraphBuilder();
        var map = Enumerable.Repeat(-1, graph.Count).ToArray();
        foreach (var node in graph.Nodes)
        {
            if (!live[node.Id]) continue;
            int[] args = node.Args.Select(a => map[a]).ToArray();
            map[node.Id] = Fold(builder, node, args)
                ?? builder.Add(node.Op, args, node.Shape, node.Value, node.Name, node.Source, callee: node.Callee);
            if (node.AdjointOf >= 0 && map[node.AdjointOf] >= 0) builder.LabelAdjoint(map[node.Id], map[node.AdjointOf]);
        }
        return (builder.ToGraph(), map);
    }

    /// <summary>The node's simplified replacement, or null to keep it.</summary>
    private static int? Fold(GraphBuilder b, Node node, int[] args)
    {
        var op = OperationTable.Get(node.Op);
        bool IsConst(int k, double v) => b[args[k]].Op == OperationTable.Const && b[args[k]].Value.Equals(v);
        bool SameShape(int k) => b[args[k]].Shape == node.Shape;

        if (op.Fold is not null && args.Length > 0 && args.All(a => b[a].Op == OperationTable.Const))
            return b.Constant(op.Fold(args.Select(a => b[a].Value).ToArray(), node.Value));
        // Elementwise ops broadcast scalars themselves: s·v needs no vector of copies of s.
        if (op.Kind == EmitKind.Elementwise && node.Op != "Broadcast" && args.Any(a => b[a].Op == "Broadcast")
            && args.Any(a => b[a].Op != "Broadcast" && b[a].Shape == node.Shape))
            return b.Add(node.Op, args.Select(a => b[a].Op == "Broadcast" ? b[a].Args[0] : a).ToArray(), node.Shape, node.Value, node.Name, node.Source, callee: node.Callee);
        switch (node.Op)
        {
            case "Mul" when IsConst(0, 1) && SameShape(1): return args[1];
            case "Mul" when IsConst(1, 1) && SameShape(0): return args[0];
            case "Add" when IsConst(0, 0) && SameShape(1): return args[1];
            case "Add" or "Sub" when IsConst(1, 0) && SameShape(0): return args[0];
            case "Neg" when b[args[0]].Op == "Neg": return b[args[0]].Args[0];
            case "Pow" when node.Value.Equals(1.0): return args[0];
            case "IndexedBy": return args[0];
            // Σ_h a[h]·b[h] is a dot product: index-sum notation becomes the same code as vector notation.
            case "Sum" when b[args[0]].Op == "Mul" && b[args[0]].Args.All(a => b[a].Shape.IsVector):
                return b.Add("Dot", b[args[0]].Args.ToArray(), node.Shape);
            default: return null;
        }
    }
}
