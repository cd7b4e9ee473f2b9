using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Common;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Optimize;

/// <summary>
/// A matrix parameter whose per-example gradient is one outer product, W̄ = a cᵀ: its only gradient sink adds a
/// rank-1 term (<see cref="Operation.IsRankOne"/>). <c>GradientFactored</c> writes the factors a (one entry per row) and c
/// (one per column) instead of adding a cᵀ into W̄, so a plain-SGD step at batch 1 can update W row by row from them.
/// </summary>
/// <param name="Parameter">The parameter's node.</param>
/// <param name="Sink">The sink that adds the term in Gradient.</param>
/// <param name="Rows">The rows' factor a, read entry by entry in the sink's loop over rows.</param>
/// <param name="Columns">The columns' factor c, a whole vector when the sink's loop starts (an input, a stored value or a parameter).</param>
internal sealed record FactoredBlock(int Parameter, int Sink, int Rows, int Columns);

/// <summary>Finds the factored blocks of a gradient's sinks.</summary>
internal static class GradientFactors
{
    /// <summary>
    /// The matrix parameters among the sinks' whose only contribution is one rank-1 term, in parameter order. A parameter
    /// used twice (two outer products) or also receiving another term has two sinks and is not factored.
    /// </summary>
    public static EquatableArray<FactoredBlock> Find(Graph graph, IEnumerable<int> sinks) =>
        sinks.Where(s => graph[s].Op == OperationTable.Accumulate)
            .GroupBy(s => graph[s].Args[0])
            .Where(g => g.Count() == 1 && graph[g.Key].Shape.Rank == 2)
            .Select(g => (Parameter: g.Key, Sink: g.Single(), Term: graph[graph[g.Single()].Args[1]]))
            .Where(x => OperationTable.Get(x.Term.Op).IsRankOne)
            .Select(x => new FactoredBlock(x.Parameter, x.Sink, x.Term.Args[0], x.Term.Args[1]))
            .OrderBy(b => b.Parameter)
            .ToEquatableArray();
}
