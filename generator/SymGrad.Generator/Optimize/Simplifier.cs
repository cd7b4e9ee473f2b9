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
        var masked = new HashSet<int>();
        var builder = new GraphBuilder();
        var map = Enumerable.Repeat(-1, graph.Count).ToArray();
        var backwardViews = new Dictionary<int, int>();

        // How the backward pass reads a forward value: the value itself, or, when it is a product or quotient of a
        // masked value (a forward 0/g shared with an adjoint, as a [Loss] can write), a copy in the masked form.
        // Built with an explicit stack: a forward chain can be as long as the model (10,000 terms), too deep to recurse.
        bool NeedsView(int id) => forwardImages.Contains(id) && builder[id].Args.Count > 0;
        int ViewOf(int id) => NeedsView(id) ? backwardViews[id] : id;
        int BackwardView(int root)
        {
            if (!NeedsView(root)) return root;
            var pending = new Stack<int>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                int id = pending.Peek();
                if (backwardViews.ContainsKey(id)) { pending.Pop(); continue; }
                var node = builder[id];
                var unviewed = node.Args.Where(a => NeedsView(a) && !backwardViews.ContainsKey(a)).ToList();
                if (unviewed.Count > 0)
                {
                    foreach (int a in unviewed) pending.Push(a);
                    continue;
                }
                pending.Pop();
                int[] args = node.Args.Select(ViewOf).ToArray();
                string op = OperationTable.Get(node.Op).MaskedForm?.Invoke(new MaskContext(builder, args, masked)) ?? node.Op;
                int view = op == node.Op && args.SequenceEqual(node.Args) ? id : builder.Add(op, args, node.Shape, node.Value, callee: node.Callee);
                if (IsMasked(builder, view, masked)) masked.Add(view);
                backwardViews[id] = view;
            }
            return backwardViews[root];
        }

        foreach (var original in graph.Nodes)
        {
            if (!live[original.Id]) continue;
            bool isForward = forward.Contains(original.Id);
            int[] args = original.Args.Select(a => map[a]).ToArray();
            // The loss and its seed read the score itself; the rest of the backward pass reads backward views.
            if (!isForward && !OperationTable.Get(original.Op).IsLoss) args = args.Select(BackwardView).ToArray();
            // In the backward pass, a product or quotient of a masked value becomes its masked form, which keeps a 0 a 0.
            var node = !isForward && OperationTable.Get(original.Op).MaskedForm?.Invoke(new MaskContext(builder, args, masked)) is { } maskedOp
                ? original with { Op = maskedOp }
                : original;
            int image = map[node.Id] = Fold(builder, node, args)
                ?? builder.Add(node.Op, args, node.Shape, node.Value, node.Name, node.Source, callee: node.Callee);
            if (IsMasked(builder, image, masked)) masked.Add(image);
            if (isForward) forwardImages.Add(image);
            // An adjoint that simplified into a forward value (b̄ = 1·a is a) keeps the forward value's name.
            else if (node.AdjointOf >= 0 && map[node.AdjointOf] >= 0 && !forwardImages.Contains(image)) builder.LabelAdjoint(image, map[node.AdjointOf]);
        }
        return (builder.ToGraph(), map);
    }

    /// <summary>
    /// A value that may be a 0 standing for "this branch was not chosen": a constant 0 (what such a value folds to when
    /// the condition is constant), a conditional with a 0 branch (the adjoint rule's [l ∘ r] b̄, or the same written in
    /// the model, which an adjoint may be merged with), or anything computed from one.
    /// </summary>
    private static bool IsMasked(GraphBuilder b, int id, HashSet<int> masked)
    {
        var node = b[id];
        if (node.Op == OperationTable.Const) return node.IsZero;
        var op = OperationTable.Get(node.Op);
        return node.Args.Any(masked.Contains) || op.IsMasking || op.IsConditional && (b[node.Args[0]].IsZero || b[node.Args[1]].IsZero);
    }

    private sealed class MaskContext : IMaskContext
    {
        private readonly GraphBuilder _builder;
        private readonly int[] _args;
        private readonly HashSet<int> _masked;

        public MaskContext(GraphBuilder builder, int[] args, HashSet<int> masked)
        {
            _builder = builder;
            _args = args;
            _masked = masked;
        }

        public bool IsMasked(int k) => _masked.Contains(_args[k]);

        public bool IsFinite(int k) => _builder[_args[k]] switch
        {
            { Op: OperationTable.Param } => true,
            { Op: OperationTable.Const } c => !double.IsNaN(c.Value) && !double.IsInfinity(c.Value),
            _ => false,
        };

        public bool IsNonzeroConstant(int k) => _builder[_args[k]] is { Op: OperationTable.Const } c && IsFinite(k) && c.Value != 0;

        public bool IsZero(int k) => _builder[_args[k]].IsZero;
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
        {
            int[] unspread = args.Select(a => Spread(a) ? b[a].Args[0] : a).ToArray();
            return Fold(b, node, unspread) ?? b.Add(node.Op, unspread, node.Shape, node.Value, node.Name, node.Source, callee: node.Callee);
        }
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

        public int ArgCount => _args.Length;

        public bool HasNodeShape(int k) => _builder[_args[k]].Shape == _node.Shape;

        public bool ArgArgsAreVectors(int k) => _builder[_args[k]].Args.All(a => _builder[a].Shape.IsVector);

        public int Apply(string op, params int[] args) => _builder.Add(op, args, _node.Shape);
    }
}
