using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Common;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Optimize;

/// <summary>
/// Schedules a method's nodes into as few loops as dependencies allow. A node joins the open loop when it
/// runs over the same dimension and reads, of the values that loop produces, only entry i of elementwise
/// ones; a reduction's sum or a scattered vector is ready only after its loop. Scalar statements that do not
/// wait for the open loop are hoisted before it. Then decides which values need a buffer and which can be
/// written inline into their only consumer. Cheap values of parameters alone (−γ) are recomputed where they
/// are read instead of being stored. An op with a whole-vector kernel (tanh, W·x; <see cref="Operation.WholeCode"/>)
/// splits the loop instead of joining it: its arguments are completed over the whole vector, the kernel runs once
/// as a statement outside any loop, and the next loop reads its result. A loop whose nodes all have a lane form
/// (<see cref="Operation.LaneForm"/>) runs <c>Vector&lt;T&gt;.Count</c> entries at a time (<see cref="Step.InLanes"/>); a
/// per-row kernel call (W̄ += t̄ xᵀ row by row, Wᵀy) then gets a loop of its own, as hand-written SIMD code does it.
/// </summary>
internal sealed class LoopFusion
{
    /// <summary>
    /// How deep an inlined expression may nest: past it a value gets a local of its own. A chain of any length then
    /// becomes short statements, which the emitter (recursing per inlined level) and the C# compiler handle with ease.
    /// </summary>
    public const int MaxInlineDepth = 16;

    private readonly Graph _graph;
    private readonly HashSet<int> _whole;
    private readonly Dictionary<int, (int Call, int Addend)> _epilogues;   // sums a whole call computes as it writes (W·x + b)
    private readonly HashSet<int> _absorbed;                               // those calls: no statement of their own
    private readonly HashSet<int> _recomputed;
    private readonly HashSet<int> _factoredSinks;
    private HashSet<int> _rowFeeds = new();

    private LoopFusion(Graph graph, IReadOnlyList<int> roots, IEnumerable<int> factoredSinks)
    {
        _graph = graph;
        (_whole, _epilogues) = WholeCalls(graph, roots);
        _absorbed = new HashSet<int>(_epilogues.Values.Select(e => e.Call));
        _recomputed = Recomputed(graph, roots, _whole);
        _factoredSinks = new HashSet<int>(factoredSinks);
    }

    /// <param name="graph">The simplified graph.</param>
    /// <param name="roots">What the method must compute.</param>
    /// <param name="score">The model's output: everything it needs is scheduled first (the forward pass), so
    /// values only the backward pass reads (such as 1 − b ⊙ b) are computed there, not stored by the forward loop.</param>
    /// <param name="factoredSinks">Sinks that write their rank-1 term's rows' factor entry by entry (GradientFactored), not a row of it.</param>
    public static MethodPlan Schedule(Graph graph, IReadOnlyList<int> roots, int score, IEnumerable<int>? factoredSinks = null) =>
        new LoopFusion(graph, roots, factoredSinks ?? System.Array.Empty<int>()).Run(roots, score);

    private MethodPlan Run(IReadOnlyList<int> roots, int score)
    {
        var forwardPass = new HashSet<int>(Needed(new[] { score }));
        var remaining = Needed(roots).OrderBy(id => forwardPass.Contains(id) ? 0 : 1).ThenBy(id => id).ToList();
        _rowFeeds = RowFeeds(remaining, roots);
        var scheduled = new HashSet<int>();
        var steps = new List<Step>();
        var scalars = new List<int>();      // statements waiting to be emitted before the open loop
        var loop = new List<int>();
        var inLoop = new HashSet<int>();
        var kinds = new HashSet<LoopKind>();   // of the open loop's nodes
        Dim loopDim = default;

        void Close()
        {
            if (scalars.Count > 0) steps.Add(new Step(false, default, scalars.ToEquatableArray()));
            if (loop.Count > 0) steps.Add(new Step(true, loopDim, loop.ToEquatableArray()) { InLanes = kinds.All(k => k == LoopKind.Lanes) });
            scalars.Clear();
            loop.Clear();
            inLoop.Clear();
            kinds.Clear();
        }

        while (remaining.Count > 0)
        {
            int chosen = -1;
            bool inForwardPass = forwardPass.Contains(remaining[0]);
            // The backward pass starts a loop of its own (its first node closes a loop holding forward nodes).
            if (!inForwardPass && loop.Count > 0 && forwardPass.Contains(loop[0])) Close();
            foreach (int id in remaining)
            {
                if (forwardPass.Contains(id) != inForwardPass) break;
                var deps = Dependencies(id);
                if (!deps.All(d => scheduled.Contains(d.Node))) continue;
                var dim = LoopDim(id);
                bool waitsForLoop = deps.Any(d => inLoop.Contains(d.Node));
                if (dim is null && !waitsForLoop) { scalars.Add(id); chosen = id; break; }
                if (dim is { } d && loop.Count > 0 && d == loopDim && deps.All(x => CanReadInLoop(x, inLoop)) && Fits(id, loop, kinds))
                {
                    loop.Add(id);
                    inLoop.Add(id);
                    kinds.Add(KindOf(id));
                    chosen = id;
                    break;
                }
            }
            if (chosen < 0)
            {
                Close();
                // A row feed whose row call still waits for another value (1 − t3 ⊙ t3 for W1ᵀ(t15 ⊙ ·), t15 = W2ᵀs̄ not yet
                // computed) lets the others go first: it then starts its row call's loop, and goes inline into it, instead
                // of a loop and a buffer of its own.
                var ready = remaining.Where(id => Dependencies(id).All(d => scheduled.Contains(d.Node))).ToList();
                chosen = ready.Where(id => !RowCallWaits(id, remaining, scheduled)).DefaultIfEmpty(ready[0]).First();
                if (LoopDim(chosen) is { } d)
                {
                    loopDim = d;
                    loop.Add(chosen);
                    inLoop.Add(chosen);
                    kinds.Add(KindOf(chosen));
                }
                else scalars.Add(chosen);
            }
            scheduled.Add(chosen);
            remaining.Remove(chosen);
        }
        Close();
        return Decide(steps, roots);
    }

    /// <summary>
    /// The nodes computed by one whole-vector kernel call: every vector with a <see cref="Operation.WholeCode"/>
    /// (an activation over a layer, W·x over all rows), and a reduction whose arguments are all whole vectors
    /// already (parameters, the input, such calls' results; v · tanh(…)), so that no buffer is written only to feed it.
    /// A sum (<see cref="Operation.IsSum"/>) of such a call that nothing else reads and a vector of its length is written
    /// by the call itself (<see cref="Operation.WholeAddCode"/>, W·x + b): those sums are also returned with the call and
    /// the addend, and the call gets no statement (and no buffer) of its own.
    /// </summary>
    private static (HashSet<int> Whole, Dictionary<int, (int Call, int Addend)> Epilogues) WholeCalls(Graph graph, IReadOnlyList<int> roots)
    {
        var whole = new HashSet<int>();
        var epilogues = new Dictionary<int, (int Call, int Addend)>();
        var readers = new int[graph.Count];
        foreach (var node in graph.Nodes)
            foreach (int a in node.Args) readers[a]++;
        foreach (var node in graph.Nodes) // topological order: arguments are decided before their users
        {
            var op = OperationTable.Get(node.Op);
            if (op.IsSum && node.Shape.IsVector && Epilogue(node) is { } epilogue)
            {
                whole.Add(node.Id);
                epilogues[node.Id] = epilogue;
                continue;
            }
            if (op.WholeCode is null) continue;
            bool wholeArguments = node.Args.All(a => graph[a].Shape.IsVector
                && (OperationTable.Get(graph[a].Op).Kind == EmitKind.Source || whole.Contains(a)));
            if (node.Shape.IsVector || op.Kind == EmitKind.Reduction && wholeArguments) whole.Add(node.Id);
        }
        return (whole, epilogues);

        (int Call, int Addend)? Epilogue(Node sum)
        {
            for (int k = 0; k < 2; k++)
            {
                int call = sum.Args[k], addend = sum.Args[1 - k];
                var callNode = graph[call];
                if (call != addend && whole.Contains(call) && !epilogues.ContainsKey(call)
                    && OperationTable.Get(callNode.Op).WholeAddCode is not null
                    && readers[call] == 1 && !roots.Contains(call)
                    && callNode.Shape == sum.Shape && graph[addend].Shape == sum.Shape)
                    return (call, addend);
            }
            return null;
        }
    }

    /// <summary>
    /// Cheap elementwise vectors of parameters, inputs and constants only (such as −γ), read entry by entry:
    /// recomputing one where it is read costs an instruction, storing it costs a buffer and its traffic.
    /// </summary>
    private static HashSet<int> Recomputed(Graph graph, IReadOnlyList<int> roots, HashSet<int> whole)
    {
        var candidates = new HashSet<int>();
        var depth = new Dictionary<int, int>();
        foreach (var node in graph.Nodes)
        {
            var op = OperationTable.Get(node.Op);
            if (op.IsCheap && op.Kind == EmitKind.Elementwise && node.Shape.IsVector && !roots.Contains(node.Id)
                && node.Args.Select((a, k) => (a, k)).All(x => op.Access[x.k] == Access.None
                    || OperationTable.Get(graph[x.a].Op).Kind == EmitKind.Source || candidates.Contains(x.a))
                && InlineDepth(node, depth) is var d && d <= MaxInlineDepth)
            {
                candidates.Add(node.Id);
                depth[node.Id] = d;
            }
        }
        // Only where every read is entry by entry: a whole-vector read (W·v, a kernel call) needs the value stored.
        foreach (var node in graph.Nodes)
        {
            var op = OperationTable.Get(node.Op);
            for (int k = 0; k < node.Args.Count; k++)
                if (op.Access[k] == Access.Whole || whole.Contains(node.Id)) candidates.Remove(node.Args[k]);
        }
        // A value recomputed where it is read can only read sources and other recomputed values: one that read a value just
        // removed above (z + 1 of a z that tanh reads whole) would read something nothing computes. Topological order
        // makes one pass enough.
        foreach (var node in graph.Nodes)
        {
            var op = OperationTable.Get(node.Op);
            if (candidates.Contains(node.Id) && node.Args.Where((a, k) => op.Access[k] != Access.None)
                    .Any(a => OperationTable.Get(graph[a].Op).Kind != EmitKind.Source && !candidates.Contains(a)))
                candidates.Remove(node.Id);
        }
        return candidates;
    }

    /// <summary>The statements the roots need, in id (topological) order.</summary>
    private List<int> Needed(IEnumerable<int> roots)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(roots.Where(r => IsStatement(_graph[r])));
        while (stack.Count > 0)
        {
            int id = stack.Pop();
            if (!seen.Add(id)) continue;
            foreach (var (dependency, _) in Dependencies(id)) stack.Push(dependency);
        }
        return seen.OrderBy(id => id).ToList();
    }

    /// <summary>Sources, matrix terms (written by their sink) and recomputed values get no statement of their own.</summary>
    private bool IsStatement(Node node) =>
        OperationTable.Get(node.Op).Kind is not (EmitKind.Source or EmitKind.MatrixTerm) && !_recomputed.Contains(node.Id) && !_absorbed.Contains(node.Id);

    /// <summary>
    /// What a statement reads and how; a sink of a matrix term reads the term's arguments, a kernel call reads whole
    /// vectors, and a sum its call writes reads the call's arguments.
    /// </summary>
    private List<(int Node, Access Access)> Dependencies(int id)
    {
        var node = _graph[id];
        var op = OperationTable.Get(node.Op);
        var result = new List<(int, Access)>();
        for (int k = 0; k < node.Args.Count; k++)
        {
            var arg = _graph[node.Args[k]];
            var argOp = OperationTable.Get(arg.Op);
            if (argOp.Kind == EmitKind.MatrixTerm)
            {
                for (int j = 0; j < arg.Args.Count; j++)
                    if (IsStatement(_graph[arg.Args[j]])) result.Add((arg.Args[j], argOp.Access[j]));
            }
            else if (_absorbed.Contains(arg.Id))
            {
                foreach (int j in arg.Args)
                    if (IsStatement(_graph[j])) result.Add((j, Access.Whole));
            }
            else if (IsStatement(arg) && op.Access[k] != Access.None) result.Add((arg.Id, _whole.Contains(id) ? Access.Whole : op.Access[k]));
        }
        return result;
    }

    /// <summary>The dimension a statement loops over, or null for a statement outside loops (a scalar, a kernel call).</summary>
    private Dim? LoopDim(int id)
    {
        var node = _graph[id];
        if (_whole.Contains(id)) return null;
        switch (OperationTable.Get(node.Op).Kind)
        {
            case EmitKind.Elementwise: return node.Shape.IsVector ? node.Shape.Rows : null;
            case EmitKind.Reduction: return _graph[node.Args[0]].Shape.Rows;
            case EmitKind.Scatter: return _graph[node.Args[0]].Shape.Rows;
            case EmitKind.Sink: return node.Shape.IsScalar ? null : node.Shape.Rows;
            default: return null;
        }
    }

    /// <summary>How a loop statement is written: lane-wise, as a kernel call per row, or one entry at a time.</summary>
    private enum LoopKind { Lanes, RowCall, Scalar }

    private LoopKind KindOf(int id)
    {
        var node = _graph[id];
        var op = OperationTable.Get(node.Op);
        if (op.Kind == EmitKind.Scatter) return LoopKind.RowCall;
        if (op.Kind == EmitKind.Sink && OperationTable.Get(_graph[node.Args[1]].Op).Kind == EmitKind.MatrixTerm)
            return _factoredSinks.Contains(id) ? LoopKind.Lanes : LoopKind.RowCall;
        // Values recomputed inside its expression (−γ) need a lane form too; other arguments are statements of their own.
        return LaneCoverage.Covers(_graph, id, _recomputed) ? LoopKind.Lanes : LoopKind.Scalar;
    }

    /// <summary>
    /// Lane-wise statements and per-row kernel calls do not share a loop: it would run one entry at a time. They do once a
    /// statement without a lane form has made the loop scalar anyway, and where the lane-wise statements only feed the
    /// row calls (<see cref="RowFeeds"/>): then each entry is written straight into its row's call, not stored in a
    /// buffer for a loop of its own to read back.
    /// </summary>
    private bool Fits(int id, List<int> loop, HashSet<LoopKind> kinds)
    {
        var kind = KindOf(id);
        if (kind == LoopKind.Scalar || kinds.Contains(LoopKind.Scalar) || !kinds.Contains(kind == LoopKind.Lanes ? LoopKind.RowCall : LoopKind.Lanes))
            return true;
        return kind == LoopKind.RowCall ? loop.All(n => KindOf(n) != LoopKind.Lanes || _rowFeeds.Contains(n)) : _rowFeeds.Contains(id);
    }

    /// <summary>
    /// The lane-wise elementwise vectors whose every reader is a per-row kernel call, or another such vector, reading entry
    /// i (t16 = t15 ⊙ t8 read only by Wᵀt16): computed in the row loop, each entry goes inline into its row's call.
    /// </summary>
    private HashSet<int> RowFeeds(List<int> statements, IReadOnlyList<int> roots)
    {
        var readers = statements.ToDictionary(id => id, _ => new List<(int User, Access Access)>());
        foreach (int user in statements)
            foreach (var (node, access) in Dependencies(user))
                if (readers.TryGetValue(node, out var list)) list.Add((user, access));
        var feeds = new HashSet<int>();
        // Readers come later in topological order: deciding from the last statement back decides each reader first.
        foreach (int id in statements.OrderByDescending(i => i))
        {
            var node = _graph[id];
            if (OperationTable.Get(node.Op).Kind == EmitKind.Elementwise && node.Shape.IsVector && !_whole.Contains(id)
                && !roots.Contains(id) && KindOf(id) == LoopKind.Lanes && readers[id].Count > 0
                && readers[id].All(r => r.Access == Access.Element && (KindOf(r.User) == LoopKind.RowCall || feeds.Contains(r.User))))
                feeds.Add(id);
        }
        return feeds;
    }

    /// <summary>
    /// Whether <paramref name="id"/> is a row feed one of whose readers, up to its row calls through other feeds, reads a
    /// value that is neither computed yet nor itself a feed.
    /// </summary>
    private bool RowCallWaits(int id, List<int> remaining, HashSet<int> scheduled)
    {
        if (!_rowFeeds.Contains(id)) return false;
        return remaining.Where(r => Dependencies(r).Any(d => d.Node == id)).Any(r =>
            Dependencies(r).Any(d => !scheduled.Contains(d.Node) && !_rowFeeds.Contains(d.Node))
            || _rowFeeds.Contains(r) && RowCallWaits(r, remaining, scheduled));
    }

    /// <summary>Inside the loop that produces it, a value can be read only as entry i of an elementwise vector.</summary>
    private bool CanReadInLoop((int Node, Access Access) dep, HashSet<int> inLoop)
    {
        if (!inLoop.Contains(dep.Node)) return true;
        var producer = _graph[dep.Node];
        return dep.Access == Access.Element
            && OperationTable.Get(producer.Op).Kind == EmitKind.Elementwise
            && producer.Shape.IsVector;
    }

    private MethodPlan Decide(List<Step> steps, IReadOnlyList<int> roots)
    {
        var stepOf = new Dictionary<int, int>();
        for (int s = 0; s < steps.Count; s++)
            foreach (int id in steps[s].Nodes) stepOf[id] = s;

        var uses = new Dictionary<int, List<(int User, Access Access)>>();
        foreach (int user in stepOf.Keys)
            foreach (var (node, access) in Dependencies(user))
            {
                if (!uses.TryGetValue(node, out var list)) uses[node] = list = new();
                list.Add((user, access));
            }

        var stored = new List<int>();
        // A call a sum absorbed is written into that sum's statement, like an inlined value (t2 = W·x + b).
        var inlined = new List<int>(_recomputed.Concat(_absorbed));
        foreach (var step in steps)
            foreach (int id in step.Nodes)
            {
                var node = _graph[id];
                var kind = OperationTable.Get(node.Op).Kind;
                var myUses = uses.TryGetValue(id, out var u) ? u : new();
                bool vector = node.Shape.IsVector;
                // A vector the method returns (a vector model's scores) is written out whole, like one a later step reads.
                bool store = kind is EmitKind.Scatter or EmitKind.Vector || vector && _whole.Contains(id)
                    || vector && kind != EmitKind.Sink && roots.Contains(id)
                    || vector && myUses.Any(x => x.Access == Access.Whole || stepOf[x.User] != stepOf[id]);
                if (store) { stored.Add(id); continue; }
                bool inline = kind == EmitKind.Elementwise && !_whole.Contains(id)
                    && node.Name.Length == 0 && node.AdjointOf < 0
                    && !roots.Contains(id)
                    && myUses.Count == 1 && myUses[0].Access == Access.Element && stepOf[myUses[0].User] == stepOf[id];
                if (inline) inlined.Add(id);
            }
        return new MethodPlan(steps.ToEquatableArray(), stored.OrderBy(i => i).ToEquatableArray(), LimitDepth(_graph, inlined, new HashSet<int>(_recomputed.Concat(_absorbed))).ToEquatableArray())
        {
            Whole = _whole.Where(stepOf.ContainsKey).OrderBy(i => i).ToEquatableArray(),
            Epilogues = _epilogues.Where(e => stepOf.ContainsKey(e.Key)).Select(e => (e.Key, e.Value.Call, e.Value.Addend)).OrderBy(e => e.Key).ToEquatableArray(),
            Reused = ReuseBuffers(steps, stored.Where(id => !roots.Contains(id)), uses).ToEquatableArray(),
        };
    }

    /// <summary>
    /// Lets a stored vector write into the buffer of an earlier one of the same length whose last read comes strictly
    /// before the new one is written (W·x must not overwrite x), or is the new one's own span-kernel call (tanh(t2) into
    /// t2's buffer: the kernel reads each entry before it writes it, <see cref="Operation.SpanKernel"/>). A loop step
    /// writes at its start and reads until its end; straight-line statements one after another.
    /// </summary>
    private List<(int Node, int Owner)> ReuseBuffers(List<Step> steps, IEnumerable<int> stored, Dictionary<int, List<(int User, Access Access)>> uses)
    {
        var position = new Dictionary<int, (long Write, long Read)>();
        for (int s = 0; s < steps.Count; s++)
            for (int k = 0; k < steps[s].Nodes.Count; k++)
            {
                long start = (long)s << 32;
                position[steps[s].Nodes[k]] = steps[s].IsLoop ? (start, start + uint.MaxValue) : (start + k + 1, start + k + 1);
            }
        long LastRead(int id) => uses.TryGetValue(id, out var u) && u.Count > 0 ? u.Max(x => position[x.User].Read) : position[id].Write;

        var reused = new List<(int, int)>();
        var buffers = new List<(int Owner, int Holder)>();
        foreach (int id in stored.OrderBy(id => position[id].Write).ThenBy(id => id))
        {
            bool inPlace = _whole.Contains(id) && OperationTable.Get(_graph[id].Op).SpanKernel.Length > 0;
            int free = buffers.FindIndex(b => _graph[b.Owner].Shape.Rows == _graph[id].Shape.Rows
                && (LastRead(b.Holder) < position[id].Write || inPlace && LastRead(b.Holder) == position[id].Write));
            if (free < 0) { buffers.Add((id, id)); continue; }
            reused.Add((id, buffers[free].Owner));
            buffers[free] = (buffers[free].Owner, id);
        }
        return reused.OrderBy(r => r.Item1).ToList();
    }

    /// <summary>
    /// The nodes, in graph order, that can be inlined without nesting deeper than <see cref="MaxInlineDepth"/>; the
    /// others keep a statement of their own. Recomputed values have no statement, so they are kept (their depth is bounded
    /// when they are chosen).
    /// </summary>
    public static List<int> LimitDepth(Graph graph, IEnumerable<int> inlinable, ISet<int>? mustKeep = null)
    {
        var depth = new Dictionary<int, int>();
        var kept = new List<int>();
        foreach (int id in inlinable.OrderBy(i => i))
        {
            int d = InlineDepth(graph[id], depth);
            if (d > MaxInlineDepth && mustKeep?.Contains(id) != true) continue;
            depth[id] = d;
            kept.Add(id);
        }
        return kept;
    }

    /// <summary>1 + the deepest inlined argument's depth (<paramref name="depth"/> holds the inlined nodes so far).</summary>
    private static int InlineDepth(Node node, Dictionary<int, int> depth)
    {
        int d = 1;
        foreach (int a in node.Args) if (depth.TryGetValue(a, out int ad) && ad + 1 > d) d = ad + 1;
        return d;
    }
}
