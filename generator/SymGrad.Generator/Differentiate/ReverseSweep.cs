using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SymGrad.Generator.Common;
using SymGrad.Generator.Diagnostics;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Differentiate;

/// <summary>
/// Differentiate stage: the lecture's backward pass. Starting from ḡ = ∂L/∂g, it visits the forward
/// nodes in reverse topological order and, for every node b, sums b̄ from its contributions and adds
/// b̄ · ∂b/∂a to each argument a by the op's adjoint rule: ā = Σ_{b: a→b} b̄ · ∂b/∂a.
/// Only nodes that depend on a parameter get adjoints (none for the input or constants).
/// </summary>
internal static class ReverseSweep
{
    public static DifferentiatedModel Differentiate(ModelDefinition model)
    {
        if (model.HasErrors) return DifferentiatedModel.Failed(model.Header, model.Diagnostics);
        var forward = model.Graph!;
        var diagnostics = model.Diagnostics.ToList();
        GraphBuilder builder = null!;
        builder = GraphBuilder.From(forward, ResolvedShapes.For(() => builder));

        bool[] active = forward.Activity();
        // A parameter that only lends its length to an index range (Sum(u.Length, …)) does not affect the score.
        var used = new HashSet<int>(forward.Nodes.SelectMany(n => n.Args.Where((a, k) => OperationTable.Get(n.Op).Access[k] != Access.None)));
        used.Add(model.Output); // a model may return a parameter itself: f = c

        foreach (var p in forward.Nodes.Where(n => n.Op == OperationTable.Param && !used.Contains(n.Id)))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.UnusedParameter, p.Source?.Anchor, p.Name));

        // A model's backward pass starts from ḡ = ∂L/∂g of the loss it is trained with; a [Loss] is itself L, so L̄ = 1.
        bool isLoss = model.Header!.IsLoss;
        var (lossOp, seedOp) = OperationTable.LossOf(forward[model.Output].Shape);
        int loss = isLoss ? -1 : builder.Add(lossOp, new[] { model.Output });
        int seed = isLoss ? builder.Constant(1.0) : builder.Add(seedOp, new[] { model.Output });
        var sinks = Sweep(forward, builder, model.Output, seed, active, OperationTable.Param, diagnostics);

        // The input's gradient, for saliency: ∂f/∂x from f̄ = 1, or seedᵀ ∂s/∂x from the caller's seed s̄ for a vector model.
        // Where the model branches on x (a conditional, a sign), it is the gradient of the branch taken: the comparison has
        // no derivative, and is treated as constant, which holds everywhere but on the boundary itself.
        var inputSinks = new List<int>();
        if (!isLoss)
        {
            int inputSeed = forward[model.Output].Shape.IsVector ? builder.Add(OperationTable.InputSeed, new[] { model.Output }) : builder.Constant(1.0);
            inputSinks = Sweep(forward, builder, model.Output, inputSeed, forward.Activity(OperationTable.Input), OperationTable.Input, diagnostics: null);
        }

        if (diagnostics.HasErrors()) return DifferentiatedModel.Failed(model.Header, diagnostics.ToEquatableArray());
        return new DifferentiatedModel(model.Header, builder.ToGraph(), model.Output, loss, sinks.ToEquatableArray(), diagnostics.ToEquatableArray())
        {
            InputSinks = inputSinks.ToEquatableArray(),
        };
    }

    /// <summary>
    /// One reverse sweep from <paramref name="seed"/>, the adjoint of <paramref name="output"/>, through the
    /// <paramref name="active"/> nodes; returns one sink per contribution to a node of op <paramref name="target"/>.
    /// An op with no derivative in an active argument is SG0014 when <paramref name="diagnostics"/> is given, and
    /// contributes nothing otherwise. Only the parameter sweep names its adjoints (t̄3): a forward value has one name for
    /// its adjoint, and the comments of Forward and Gradient refer to it.
    /// </summary>
    private static List<int> Sweep(Graph forward, GraphBuilder builder, int output, int seed, bool[] active, string target, List<DiagnosticInfo>? diagnostics)
    {
        var contributions = new Dictionary<int, List<int>> { [output] = new() { seed } };
        var sinks = new List<int>();

        for (int id = output; id >= 0; id--)
        {
            if (!active[id] || !contributions.TryGetValue(id, out var incoming)) continue;
            var node = forward[id];
            if (node.Op == target)
            {
                // Each contribution is added into the gradient on its own: matrix terms are never summed in memory.
                // The sink's value field numbers it, so two equal contributions (from b = a·a) stay two sinks.
                foreach (int t in incoming) sinks.Add(builder.Add(OperationTable.Accumulate, new[] { id, t }, value: sinks.Count));
                continue;
            }

            int adjoint = incoming.Skip(1).Aggregate(incoming[0], (sum, t) => builder.Add("Add", new[] { sum, t }));
            if (diagnostics is not null) builder.LabelAdjoint(adjoint, id);
            var op = OperationTable.Get(node.Op);
            var context = new AdjointContext(builder, node, adjoint);
            bool reported = false;
            for (int k = 0; k < node.Args.Count; k++)
            {
                int arg = node.Args[k];
                if (!active[arg]) continue;
                if (op.Adjoint?[k] is not { } rule)
                {
                    // A gradient would flow through an argument the op has no derivative in.
                    if (!reported && diagnostics is not null)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.NotDifferentiable, node.Source?.Anchor,
                            string.Format(CultureInfo.InvariantCulture, op.NotDifferentiable.What, node.Source?.Text ?? node.Op), op.NotDifferentiable.Fix));
                    reported = true;
                    continue;
                }
                var terms = rule(context).Select(c => MatchShape(builder, c, arg)).ToList();
                if (terms.Count == 0) continue;
                if (!contributions.TryGetValue(arg, out var list)) contributions[arg] = list = new List<int>();
                list.AddRange(terms);
            }
        }
        return sinks;
    }

    /// <summary>Undoes broadcasting: a vector term for a scalar is summed, a scalar term for a vector is spread.</summary>
    private static int MatchShape(GraphBuilder builder, int term, int target)
    {
        var have = builder[term].Shape;
        var want = builder[target].Shape;
        if (have.IsVector && want.IsScalar) return builder.Add("Sum", new[] { term });
        if (have.IsScalar && want.IsVector) return builder.Add("Broadcast", new[] { term, target });
        return term;
    }

    private sealed class AdjointContext : IAdjointBuilder
    {
        private readonly GraphBuilder _builder;
        private readonly Node _node;

        public AdjointContext(GraphBuilder builder, Node node, int adjoint)
        {
            _builder = builder;
            _node = node;
            Adjoint = adjoint;
        }

        public int Adjoint { get; }

        public int Self => _node.Id;

        public double Value => _node.Value;

        public int Arg(int k) => _node.Args[k];

        public int Constant(double value) => _builder.Constant(value);

        public int Apply(string op, params int[] args) => _builder.Add(op, args);

        public int ApplyWithValue(string op, double value, params int[] args) => _builder.Add(op, args, value: value);

        public string Callee => _node.Callee;

        public int ApplyCall(string op, string callee, params int[] args) => _builder.Add(op, args, callee: callee);
    }
}
