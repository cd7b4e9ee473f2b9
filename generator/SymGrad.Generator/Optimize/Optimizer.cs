using System.Linq;
using SymGrad.Generator.Common;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Optimize;

/// <summary>
/// Optimize stage: simplify the graph (dead nodes, constants, identities, shared subexpressions), then
/// schedule Forward (only what the score needs) and Gradient (the loss and every gradient sink) into fused loops.
/// </summary>
internal static class Optimizer
{
    public static OptimizedModel Optimize(DifferentiatedModel model)
    {
        if (model.HasErrors) return new OptimizedModel(model.Header, null, -1, -1, null, null, model.Diagnostics);
        // Every parameter and the input stay in the graph even when unused: the generated class still has their views.
        var declared = model.Header!.Parameters.Select(p => p.NodeId);
        var others = new[] { model.Output }.Concat(model.Loss >= 0 ? new[] { model.Loss } : System.Array.Empty<int>()).Concat(declared).ToArray();
        var roots = model.Sinks.Concat(model.InputSinks).Concat(others).ToArray();
        var (first, firstMap) = Simplifier.Simplify(model.Graph!, roots, model.Output);
        // A second pass drops what the first pass's rewrites left dead (e.g. v ⊙ t once Σ(v ⊙ t) became v · t).
        var (graph, secondMap) = Simplifier.Simplify(first, roots.Select(r => firstMap[r]), firstMap[model.Output]);
        int[] map = firstMap.Select(m => m < 0 ? -1 : secondMap[m]).ToArray();
        int output = map[model.Output], loss = model.Loss >= 0 ? map[model.Loss] : -1;
        // A term that folded to 0 (a branch a constant condition never takes) adds nothing: its sink, and its work, go.
        var sinks = model.Sinks.Select(s => map[s]).Where(s => !AddsZero(graph[s], graph)).ToArray();
        var inputSinks = model.InputSinks.Select(s => map[s]).Where(s => !AddsZero(graph[s], graph)).ToArray();

        var forward = LoopFusion.Schedule(graph, new[] { output }, output);
        var gradient = LoopFusion.Schedule(graph, loss >= 0 ? sinks.Prepend(loss).ToArray() : sinks, output);
        // A model's per-example gradient of a matrix reached by one outer product only is rank 1: kept as its factors.
        var factored = model.Header.IsLoss ? EquatableArray<FactoredBlock>.Empty : GradientFactors.Find(graph, sinks);
        var header = model.Header with { Parameters = model.Header.Parameters.Select(p => p with { NodeId = map[p.NodeId] }).ToEquatableArray() };
        var batch = model.Header.IsLoss ? ((BatchPlan, BatchPlan)?)null
            : (BatchPlan.Build(graph, new[] { output }, output), BatchPlan.Build(graph, sinks.Prepend(loss).ToArray(), output));
        return new OptimizedModel(header, graph, output, loss, forward, gradient, model.Diagnostics)
        {
            InputGradient = model.Header.IsLoss ? null : LoopFusion.Schedule(graph, inputSinks, output),
            Batch = batch,
            // A minibatch's sum of those rank-1 terms is one product of two blocks where it is batched as such: kept as its factors too.
            BatchKeepsFactors = factored.Count > 0 && batch is { } plans && plans.Item1.IsBatched && plans.Item2.SumsAsProducts(graph, factored.Select(b => b.Sink)),
            // Scheduled on its own: a factored sink writes its rows' factor lane by lane, where Gradient's adds a row per entry.
            GradientFactored = factored.Count == 0 ? null
                : LoopFusion.Schedule(graph, loss >= 0 ? sinks.Prepend(loss).ToArray() : sinks, output, factored.Select(b => b.Sink)) with { Factored = factored },
        };
    }

    private static bool AddsZero(Node sink, Graph graph)
    {
        var term = graph[sink.Args[1]];
        // A matrix term scales row i by entry i of its first argument (Outer, RowDifference): all 0 there, all 0 rows.
        if (OperationTable.Get(term.Op).Kind == EmitKind.MatrixTerm) term = graph[term.Args[0]];
        if (OperationTable.Get(term.Op).IsSpread) term = graph[term.Args[0]];
        return term.IsZero;
    }
}
