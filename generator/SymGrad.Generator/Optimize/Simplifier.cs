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
        if (op.Fold is not null && args.Length > 0 && args.All(a => b[a].Op == OperationTable.Const))
            return b.Constant(op.Fold(args.Select(a => b[a].Value).ToArray(), node.Value));
        // Elementwise ops broadcast scalars themselves: s·v needs no vector of copies of s.
        bool Spread(int a) => OperationTable.Get(b[a].Op).IsSpread;
        if (op.Kind == EmitKind.Elementwise && !op.IsSpread && args.Any(Spread) && args.Any(a => !Spread(a) && b[a].Shape == node.Shape))
            return b.Add(node.Op, args.Select(a => Spread(a) ? b[a].Args[0] : a).ToArray(), node.Shape, node.Value, node.Name, node.Source, callee: node.Callee);
        return op.Simplify?.Invoke(new SimplifyContext(b, node, args));
    }

    private sealed class SimplifyContext : ISimplifyContext
    {
        private readonly GraphBuilder _builder;
        private readonly Node _node;
        private readonly int[] _args;

        public SimplifyContext(GraphBuilder builder, Node node, int[] args)
        {
            _builder = builder;
            _node = node;
            _args = args;
        }

        public double Value => _node.Value;

        public int Arg(int k) => _args[k];

        public string ArgOp(int k) => _builder[_args[k]].Op;

        public int ArgArg(int k, int j) => _builder[_args[k]].Args[j];

        public bool IsConstant(int k, double value) => TryGetConstant(k, out double v) && v.Equals(value);

        public bool TryGetConstant(int k, out double value)
        {
            value = _builder[_args[k]].Value;
            return ArgOp(k) == OperationTable.Const;
        }

        public bool HasNodeShape(int k) => _builder[_args[k]].Shape == _node.Shape;

        public bool ArgArgsAreVectors(int k) => _builder[_args[k]].Args.All(a => _builder[a].Shape.IsVector);

        public int Apply(string op, params int[] args) => _builder.Add(op, args, _node.Shape);
    }
}
