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
    /// <param name="graph">The graph to rebuild.</param>
    /// <param name="roots">The nodes to keep, with everything they need.</param>
    /// <param name="output">The model's score: its ancestors are forward values, never named as adjoints.</param>
    public static (Graph Graph, int[] Map) Simplify(Graph graph, IEnumerable<int> roots, int output)
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

        var forward = new HashSet<int>(graph.AncestorsOf(output));
        var forwardImages = new HashSet<int>();
        var builder = new GraphBuilder();
        var map = Enumerable.Repeat(-1, graph.Count).ToArray();
        foreach (var node in graph.Nodes)
        {
            if (!live[node.Id]) continue;
            int[] args = node.Args.Select(a => map[a]).ToArray();
            int image = map[node.Id] = Fold(builder, node, args, forward.Contains(node.Id))
                ?? builder.Add(node.Op, args, node.Shape, node.Value, node.Name, node.Source, callee: node.Callee);
            if (forward.Contains(node.Id)) forwardImages.Add(image);
            // An adjoint that simplified into a forward value (b̄ = 1·a is a) keeps the forward value's name.
            else if (node.AdjointOf >= 0 && map[node.AdjointOf] >= 0 && !forwardImages.Contains(image)) builder.LabelAdjoint(image, map[node.AdjointOf]);
        }
        return (builder.ToGraph(), map);
    }

    /// <summary>The node's simplified replacement, or null to keep it.</summary>
    private static int? Fold(GraphBuilder b, Node node, int[] args, bool isForward)
    {
        var op = OperationTable.Get(node.Op);
        if (op.Fold is not null && args.Length > 0 && args.All(a => b[a].Op == OperationTable.Const))
            return b.Constant(op.Fold(args.Select(a => b[a].Value).ToArray(), node.Value));
        // Elementwise ops broadcast scalars themselves: s·v needs no vector of copies of s.
        bool Spread(int a) => OperationTable.Get(b[a].Op).IsSpread;
        if (op.Kind == EmitKind.Elementwise && !op.IsSpread && args.Any(Spread) && args.Any(a => !Spread(a) && b[a].Shape == node.Shape))
            return b.Add(node.Op, args.Select(a => Spread(a) ? b[a].Args[0] : a).ToArray(), node.Shape, node.Value, node.Name, node.Source, callee: node.Callee);
        return op.Simplify?.Invoke(new SimplifyContext(b, node, args, isForward));
    }

    private sealed class SimplifyContext : ISimplifyContext
    {
        private readonly GraphBuilder _builder;
        private readonly Node _node;
        private readonly int[] _args;

        public SimplifyContext(GraphBuilder builder, Node node, int[] args, bool isForward)
        {
            _builder = builder;
            _node = node;
            _args = args;
            IsForward = isForward;
        }

        public bool IsForward { get; }

        public bool IsConstantNode(int node, double value) => _builder[node] is { Op: OperationTable.Const } constant && constant.Value.Equals(value);

        public Shape ShapeOf(int node) => _builder[node].Shape;

        public double Value => _node.Value;

        public int Arg(int k) => _args[k];

        public string ArgOp(int k) => _builder[_args[k]].Op;

        public int ArgArg(int k, int j) => _builder[_args[k]].Args[j];

        public bool IsConstant(int k, double value) => IsConstantNode(_args[k], value);

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
