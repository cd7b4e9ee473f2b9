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
internal sealed record BatchPlan(EquatableArray<int> Statements, EquatableArray<int> Batched, EquatableArray<int> Inlined, string Fallback)
{
    public bool IsBatched => Fallback.Length == 0;

    /// <summary>
    /// Elementwise vector statements computed row by row whose code has a lane form (<see cref="LaneCoverage"/>): each
    /// row runs <c>Vector&lt;T&gt;.Count</c> entries at a time, then the rest one by one.
    /// </summary>
    public EquatableArray<int> InLanes { get; init; } = EquatableArray<int>.Empty;

    /// <summary>Plans the minibatch form of a method that must compute <paramref name="roots"/>.</summary>
    public static BatchPlan Build(Graph graph, IReadOnlyList<int> roots, int output)
    {
        var needed = Needed(graph, roots);
        var batched = BatchAxis(graph);
        if (OperationTable.Get(graph[output].Op).Kind == EmitKind.Source || !batched[output])
            return Failed("the model returns a value that does not depend on the input");
        foreach (int id in needed)
        {
            var op = OperationTable.Get(graph[id].Op);
            if (op.Block == BlockRule.None)
                return Failed($"the op {op.Name} has no block form");
        }

        // Who reads each value, and how (a matrix term's reads are its sink's).
        var uses = new Dictionary<int, List<(int User, Access Access)>>();
        foreach (int user in needed)
            foreach (var (arg, access) in Reads(graph, user))
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
                && myUses.All(x => x.Access == Access.Element && FormOf(graph, x.User, batched) == BlockForm.Rows);
            // A cheap value of parameters alone read entry by entry is recomputed where it is read (−γ); any other is
            // computed once for the whole minibatch.
            if (!batched[id] ? entrywise && op.IsCheap
                : entrywise && FormOf(graph, id, batched) == BlockForm.Rows && myUses.Count == 1)
                inlined.Add(id);
        }
        var kept = new HashSet<int>(LoopFusion.LimitDepth(graph, inlined));
        var statements = needed.Where(id => OperationTable.Get(graph[id].Op).Kind is not (EmitKind.Source or EmitKind.MatrixTerm) && !kept.Contains(id));
        var inLanes = statements.Where(id => OperationTable.Get(graph[id].Op).Kind == EmitKind.Elementwise && graph[id].Shape.IsVector
            && FormOf(graph, id, batched) == BlockForm.Rows && LaneCoverage.Covers(graph, id, kept));
        return new BatchPlan(statements.ToEquatableArray(), Enumerable.Range(0, graph.Count).Where(i => batched[i]).ToEquatableArray(),
            kept.OrderBy(i => i).ToEquatableArray(), string.Empty) { InLanes = inLanes.ToEquatableArray() };
    }

    private static BatchPlan Failed(string why) => new(EquatableArray<int>.Empty, EquatableArray<int>.Empty, EquatableArray<int>.Empty, why);

    /// <summary>The block form of a statement: its op's rule where the arguments allow it, else row by row.</summary>
    public static BlockForm FormOf(Graph graph, int id, IReadOnlyList<bool> batched)
    {
        var node = graph[id];
        var op = OperationTable.Get(node.Op);
        if (op.Kind == EmitKind.Sink)
        {
            var term = graph[node.Args[1]];
            return OperationTable.Get(term.Op).Block == BlockRule.OuterProductSum && batched[term.Args[0]] && batched[term.Args[1]]
                ? BlockForm.OuterProductSum : BlockForm.Rows;
        }
        if (!batched[id]) return BlockForm.Rows;
        bool parameterByBatch = node.Args.Count == 2 && graph[node.Args[0]].Op == OperationTable.Param && batched[node.Args[1]];
        return op.Block switch
        {
            BlockRule.MatrixProduct when parameterByBatch => BlockForm.MatrixProduct,
            BlockRule.TransposedMatrixProduct when parameterByBatch => BlockForm.TransposedMatrixProduct,
            _ when op.SpanKernel.Length > 0 => BlockForm.Kernel,
            _ => BlockForm.Rows,
        };
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

    /// <summary>The arguments a node reads and how; a sink reads its matrix term's arguments.</summary>
    public static IEnumerable<(int Node, Access Access)> Reads(Graph graph, int id)
    {
        var node = graph[id];
        var op = OperationTable.Get(node.Op);
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

    /// <summary>Every node the roots read, directly or not, in graph order (matrix terms included).</summary>
    private static List<int> Needed(Graph graph, IReadOnlyList<int> roots)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(roots);
        while (stack.Count > 0)
        {
            int id = stack.Pop();
            if (!seen.Add(id)) continue;
            var node = graph[id];
            var op = OperationTable.Get(node.Op);
            for (int k = 0; k < node.Args.Count; k++)
                if (op.Access[k] != Access.None) stack.Push(node.Args[k]);
        }
        return seen.OrderBy(i => i).ToList();
    }
}
