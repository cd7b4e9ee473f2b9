using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Common;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Optimize;

/// <summary>How a minibatch method computes one statement (from the op's <see cref="BlockRule"/> and what is batched).</summary>
internal enum BlockForm
{
    /// <summary>The per-example code, row by row (and entry by entry for a vector).</summary>
    Rows,
    /// <summary>The op's SpanKernel over the whole B×n block.</summary>
    Kernel,
    /// <summary>T = X Wᵀ.</summary>
    MatrixProduct,
    /// <summary>T = Y W.</summary>
    TransposedMatrixProduct,
    /// <summary>A sink of a matrix term: W̄ += Aᵀ C.</summary>
    OuterProductSum,
    /// <summary>Every row's dot product with a vector computed once: t = H v, one matrix–vector product.</summary>
    MatrixVectorProduct,
    /// <summary>A sink of a per-row scalar times a row: p̄ += Σᵣ aᵣ Xᵣ = Xᵀa, one transposed matrix–vector product.</summary>
    ScaledRowSum,
    /// <summary>A sink of any other batched vector: p̄ += Σᵣ Xᵣ, the column sums of its block.</summary>
    ColumnSum,
}

/// <summary>
/// The schedule of a minibatch method (ForwardBatch or GradientBatch). The batch axis is a property of the stage: a
/// value that depends on the input or on the target (the loss and its seed) is <see cref="Batched"/> and holds one
/// row per example, a B×n block (a B-vector for a scalar); a value of parameters and constants alone is not. Each
/// statement is computed over the whole block, by the block form of its op (<see cref="BlockRule"/>), in graph order.
/// </summary>
/// <param name="Statements">The nodes written as statements, in graph order (sinks included, the loss first of them).</param>
/// <param name="Batched">Every node with a batch axis.</param>
/// <param name="Inlined">Nodes written into their consumer's expression, entry by entry: a single-use batched value, or a
/// cheap value of parameters alone, recomputed where it is read. Other values of parameters alone are statements
/// computed once for the whole minibatch.</param>
/// <param name="Fallback">Why the method runs per example instead, or empty.</param>
/// <param name="WholeReads">Statements computed by a block form that reads whole blocks (every row's dot product with a
/// vector as one matrix–vector product, a gradient's sum over the rows as column sums or a transposed matrix–vector
/// product). Each is chosen only where the blocks it reads are stored anyway; a value computed only for such a
/// statement is instead read entry by entry in its row loop, where it is computed, and never stored.</param>
internal sealed record BatchPlan(EquatableArray<int> Statements, EquatableArray<int> Batched, EquatableArray<int> Inlined, string Fallback,
    EquatableArray<int> WholeReads)
{
    public bool IsBatched => Fallback.Length == 0;

    /// <summary>
    /// Elementwise vector statements computed row by row whose code has a lane form (<see cref="LaneCoverage"/>): each
    /// row runs <c>Vector&lt;T&gt;.Count</c> entries at a time, then the rest one by one.
    /// </summary>
    public EquatableArray<int> InLanes { get; init; } = EquatableArray<int>.Empty;

    /// <summary>
    /// Whether every one of <paramref name="sinks"/> sums its examples' terms as one product of two blocks, Aᵀ C
    /// (<see cref="BlockForm.OuterProductSum"/>): then a minibatch can keep those sums as their factors A and C.
    /// </summary>
    public bool SumsAsProducts(Graph graph, IEnumerable<int> sinks)
    {
        if (!IsBatched) return false;
        var batched = new bool[graph.Count];
        foreach (int id in Batched) batched[id] = true;
        return sinks.All(sink => FormOf(graph, sink, batched) == BlockForm.OuterProductSum);
    }

    /// <summary>Plans the minibatch form of a method that must compute <paramref name="roots"/>.</summary>
    public static BatchPlan Build(Graph graph, IReadOnlyList<int> roots, int output)
    {
        var batched = BatchAxis(graph);
        if (OperationTable.Get(graph[output].Op).Kind == EmitKind.Source || !batched[output])
            return Failed("the model returns a value that does not depend on the input");
        // Planned twice: first with every dot product and gradient sum in row loops, then with the whole-block forms of
        // those whose blocks the first plan stores anyway (a value computed only for such a sum stays in its row loop).
        var rowWise = Schedule(graph, roots, output, batched, new HashSet<int>());
        foreach (int id in rowWise.Needed)
        {
            var op = OperationTable.Get(graph[id].Op);
            if (op.Block == BlockRule.None)
                return Failed($"the op {op.Name} has no block form");
        }
        var wholeReads = new HashSet<int>(rowWise.Needed.Where(id => BlocksRead(graph, id, batched) is { } blocks && !blocks.Any(rowWise.Inlined.Contains)));
        var (needed, inlined) = Schedule(graph, roots, output, batched, wholeReads);
        var statements = needed.Where(id => OperationTable.Get(graph[id].Op).Kind is not (EmitKind.Source or EmitKind.MatrixTerm) && !inlined.Contains(id));
        var inLanes = statements.Where(id => OperationTable.Get(graph[id].Op).Kind == EmitKind.Elementwise && graph[id].Shape.IsVector
            && FormOf(graph, id, batched, wholeReads) == BlockForm.Rows && LaneCoverage.Covers(graph, id, inlined));
        return new BatchPlan(statements.ToEquatableArray(), Enumerable.Range(0, graph.Count).Where(i => batched[i]).ToEquatableArray(),
            inlined.OrderBy(i => i).ToEquatableArray(), string.Empty, wholeReads.OrderBy(i => i).ToEquatableArray()) { InLanes = inLanes.ToEquatableArray() };
    }

    /// <summary>The nodes the roots need and those of them written into their consumers, given the whole-block reads.</summary>
    private static (List<int> Needed, HashSet<int> Inlined) Schedule(Graph graph, IReadOnlyList<int> roots, int output, bool[] batched, ISet<int> wholeReads)
    {
        var needed = Needed(graph, roots, batched, wholeReads);
        // Who reads each value, and how (a matrix term's reads are its sink's).
        var uses = new Dictionary<int, List<(int User, Access Access)>>();
        foreach (int user in needed)
            foreach (var (arg, access) in Reads(graph, user, batched, wholeReads))
            {
                if (!uses.TryGetValue(arg, out var list)) uses[arg] = list = new();
                list.Add((user, access));
            }

        var inlined = new HashSet<int>();
        foreach (int id in needed)
        {
            var node = graph[id];
            var op = OperationTable.Get(node.Op);
            if (op.Kind is EmitKind.Source or EmitKind.MatrixTerm || roots.Contains(id) || id == output) continue;
            var myUses = uses.TryGetValue(id, out var u) ? u : new();
            bool entrywise = op.Kind == EmitKind.Elementwise && op.Block == BlockRule.Rows
                && op.Access.All(a => a != Access.Whole)
                && myUses.All(x => x.Access == Access.Element && FormOf(graph, x.User, batched, wholeReads) == BlockForm.Rows);
            // A cheap value of parameters alone read entry by entry is recomputed where it is read (−γ); any other is
            // computed once for the whole minibatch.
            if (!batched[id] ? entrywise && op.IsCheap
                : entrywise && FormOf(graph, id, batched, wholeReads) == BlockForm.Rows && myUses.Count == 1)
                inlined.Add(id);
        }
        return (needed, new HashSet<int>(LoopFusion.LimitDepth(graph, inlined)));
    }

    private static BatchPlan Failed(string why) =>
        new(EquatableArray<int>.Empty, EquatableArray<int>.Empty, EquatableArray<int>.Empty, why, EquatableArray<int>.Empty);

    /// <summary>The block form of a statement of this plan.</summary>
    public BlockForm FormOf(Graph graph, int id, IReadOnlyList<bool> batched) => FormOf(graph, id, batched, WholeReads);

    /// <summary>
    /// The block form of a statement: its op's rule where the arguments allow it, else row by row; a form that reads whole
    /// blocks only for a statement in <paramref name="wholeReads"/>.
    /// </summary>
    private static BlockForm FormOf(Graph graph, int id, IReadOnlyList<bool> batched, IEnumerable<int> wholeReads)
    {
        var node = graph[id];
        var op = OperationTable.Get(node.Op);
        if (op.Kind == EmitKind.Sink)
        {
            var value = graph[node.Args[1]];
            var valueOp = OperationTable.Get(value.Op);
            if (valueOp.Kind == EmitKind.MatrixTerm)
                return valueOp.Block == BlockRule.OuterProductSum && batched[value.Args[0]] && batched[value.Args[1]] ? BlockForm.OuterProductSum : BlockForm.Rows;
            return !wholeReads.Contains(id) ? BlockForm.Rows : ScaledRows(graph, value, batched) is null ? BlockForm.ColumnSum : BlockForm.ScaledRowSum;
        }
        if (!batched[id]) return BlockForm.Rows;
        bool parameterByBatch = node.Args.Count == 2 && graph[node.Args[0]].Op == OperationTable.Param && batched[node.Args[1]];
        return op.Block switch
        {
            BlockRule.MatrixProduct when parameterByBatch => BlockForm.MatrixProduct,
            BlockRule.TransposedMatrixProduct when parameterByBatch => BlockForm.TransposedMatrixProduct,
            BlockRule.MatrixVectorProduct when wholeReads.Contains(id) => BlockForm.MatrixVectorProduct,
            _ when op.SpanKernel.Length > 0 => BlockForm.Kernel,
            _ => BlockForm.Rows,
        };
    }

    /// <summary>
    /// The blocks a statement's whole-block form would read, or null where its op's rule has none for these arguments:
    /// a dot product's batched vector and the vector computed once, a row sum's value or the two factors of a product.
    /// </summary>
    private static int[]? BlocksRead(Graph graph, int id, IReadOnlyList<bool> batched)
    {
        var node = graph[id];
        var op = OperationTable.Get(node.Op);
        if (op.Block == BlockRule.MatrixVectorProduct && batched[id])
            return RowsAndVector(graph, node, batched) is var (rows, vector) ? new[] { rows, vector } : null;
        if (op.Block != BlockRule.RowSum) return null;
        var value = graph[node.Args[1]];
        if (!graph[node.Args[0]].Shape.IsVector || !value.Shape.IsVector || !batched[value.Id] || OperationTable.Get(value.Op).Kind == EmitKind.MatrixTerm)
            return null;
        return ScaledRows(graph, value, batched) is var (scale, factor) ? new[] { scale, factor } : new[] { value.Id };
    }

    /// <summary>Of a dot product's two vectors, the batched one (a block of rows) and the one computed once; null unless exactly one is batched.</summary>
    public static (int Rows, int Vector)? RowsAndVector(Graph graph, Node node, IReadOnlyList<bool> batched)
    {
        if (node.Args.Count != 2 || !graph[node.Args[0]].Shape.IsVector || !graph[node.Args[1]].Shape.IsVector) return null;
        var (a, b) = (node.Args[0], node.Args[1]);
        return batched[a] == batched[b] ? null : batched[a] ? (a, b) : (b, a);
    }

    /// <summary>
    /// Of a product with a <see cref="Operation.ScaledRowSum"/> kernel, its per-row scalar factor and its factor of rows,
    /// both batched; null for any other value. A sink sums such a product from its two factors, so the product itself is
    /// never stored.
    /// </summary>
    public static (int Scale, int Rows)? ScaledRows(Graph graph, Node value, IReadOnlyList<bool> batched)
    {
        if (OperationTable.Get(value.Op).ScaledRowSum.Length == 0 || value.Args.Count != 2) return null;
        var (a, b) = (graph[value.Args[0]], graph[value.Args[1]]);
        if (!batched[a.Id] || !batched[b.Id]) return null;
        return a.Shape.IsScalar && b.Shape.IsVector ? (a.Id, b.Id) : b.Shape.IsScalar && a.Shape.IsVector ? (b.Id, a.Id) : null;
    }

    /// <summary>Which nodes have a batch axis: the input, the loss's ops (they read the target y), and all they flow into.</summary>
    public static bool[] BatchAxis(Graph graph)
    {
        var batched = new bool[graph.Count];
        foreach (var node in graph.Nodes)
        {
            var op = OperationTable.Get(node.Op);
            batched[node.Id] = node.Op == OperationTable.Input || op.IsLoss
                || node.Args.Where((a, k) => op.Access[k] != Access.None).Any(a => batched[a]);
        }
        return batched;
    }

    /// <summary>
    /// The arguments a node reads and how. A sink reads its matrix term's arguments, or, summing over the rows, the whole
    /// block of its value (of a scaled row sum, the blocks of its two factors).
    /// </summary>
    private static IEnumerable<(int Node, Access Access)> Reads(Graph graph, int id, IReadOnlyList<bool> batched, ISet<int> wholeReads)
    {
        var node = graph[id];
        var op = OperationTable.Get(node.Op);
        if (op.Kind == EmitKind.Sink)
            switch (FormOf(graph, id, batched, wholeReads))
            {
                case BlockForm.ColumnSum:
                    yield return (node.Args[1], Access.Whole);
                    yield break;
                case BlockForm.ScaledRowSum:
                    var (scale, rows) = ScaledRows(graph, graph[node.Args[1]], batched)!.Value;
                    yield return (scale, Access.Whole);
                    yield return (rows, Access.Whole);
                    yield break;
            }
        for (int k = 0; k < node.Args.Count; k++)
        {
            if (op.Access[k] == Access.None) continue;
            var arg = graph[node.Args[k]];
            var argOp = OperationTable.Get(arg.Op);
            if (argOp.Kind == EmitKind.MatrixTerm)
            {
                for (int j = 0; j < arg.Args.Count; j++)
                    if (argOp.Access[j] != Access.None) yield return (arg.Args[j], argOp.Access[j]);
            }
            else yield return (arg.Id, op.Access[k]);
        }
    }

    /// <summary>Every node the roots read, directly or not, in graph order (a value a sink sums from its factors only if read elsewhere).</summary>
    private static List<int> Needed(Graph graph, IReadOnlyList<int> roots, IReadOnlyList<bool> batched, ISet<int> wholeReads)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(roots);
        while (stack.Count > 0)
        {
            int id = stack.Pop();
            if (!seen.Add(id)) continue;
            foreach (var (arg, _) in Reads(graph, id, batched, wholeReads)) stack.Push(arg);
        }
        return seen.OrderBy(i => i).ToList();
    }
}
