using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;
using SymGrad.Generator.Optimize;

namespace SymGrad.Generator.Emit;

/// <summary>
/// Writes one method's schedule as C#: each step is straight-line scalar code or one <c>for</c> loop over
/// entry i, each statement preceded by the math it implements. A loop the plan marks <see cref="Step.InLanes"/> is
/// written twice: over <c>Vector&lt;T&gt;</c> lanes, Count entries at a time, then the same scalar statements for the
/// entries left over. Records which spans and buffers it used, so the caller declares only those.
/// </summary>
internal sealed class MethodEmitter : INodeWriter
{
    private readonly Graph _graph;
    private readonly NodeNames _names;
    private readonly MethodPlan _plan;
    private readonly Dictionary<int, int> _stepOf = new();
    private readonly HashSet<int> _inlined;
    private readonly HashSet<int> _stored;
    private readonly HashSet<int> _whole;       // nodes written as one kernel call over whole vectors
    private readonly Dictionary<int, int> _reused;
    private readonly Dictionary<int, (int Call, int Addend)> _epilogues;  // sums written by their call (W·x + b)
    private readonly System.Func<Node, string> _scalarGradient;
    private readonly (int Node, string Span) _output;  // a vector the method writes into its caller's span, not a buffer
    private readonly HashSet<int> _named;       // values an adjoint's name refers to (t3 in t̄3)
    private readonly FactorLayout? _factors;    // GradientFactored's: sinks of factored blocks write factors
    private List<int>? _where;                  // inlined named values the comment being written defines after "where"
    private int _step = -1;
    private bool _inLanes;                      // writing a loop's lane-wise statements: values are Vector<T>s of entries i …
    private bool _tail;                         // writing its scalar tail: the statements again, their comments not
    private string? _laneCount;                 // the local holding Vector<T>.Count, once declared

    /// <param name="graph">The simplified graph.</param>
    /// <param name="names">The names of its nodes.</param>
    /// <param name="plan">The method's schedule.</param>
    /// <param name="scalarGradient">Where the gradient of a scalar parameter is added up.</param>
    /// <param name="output">A stored vector that lives in a span of the caller (a vector model's scores), or (-1, "").</param>
    /// <param name="factors">Where the plan's factored blocks (<see cref="MethodPlan.Factored"/>) write their factors, or null.</param>
    public MethodEmitter(Graph graph, NodeNames names, MethodPlan plan, System.Func<Node, string>? scalarGradient = null, (int, string)? output = null, FactorLayout? factors = null)
    {
        _factors = factors;
        _output = output ?? (-1, string.Empty);
        _graph = graph;
        _names = names;
        _plan = plan;
        _scalarGradient = scalarGradient ?? (p => $"gradient[{ModelEmitter.OffsetField(p.Name)}]");
        _named = new HashSet<int>(graph.Nodes.Where(n => n.AdjointOf >= 0).Select(n => n.AdjointOf));
        _inlined = new HashSet<int>(plan.Inlined);
        _stored = new HashSet<int>(plan.Stored);
        _whole = new HashSet<int>(plan.Whole);
        _reused = plan.Reused.ToDictionary(r => r.Node, r => r.Owner);
        _epilogues = plan.Epilogues.ToDictionary(e => e.Sum, e => (e.Call, e.Addend));
        for (int s = 0; s < plan.Steps.Count; s++)
            foreach (int id in plan.Steps[s].Nodes) _stepOf[id] = s;
    }

    /// <summary>Parameters whose values the body reads.</summary>
    public SortedSet<int> UsedParameters { get; } = new();

    /// <summary>Parameters whose gradient blocks the body writes.</summary>
    public SortedSet<int> UsedGradients { get; } = new();

    /// <summary>Stored vectors the body reads or writes.</summary>
    public SortedSet<int> UsedBuffers { get; } = new();

    /// <summary>The stored vector whose buffer a stored vector writes into: itself, or one no longer read (see <see cref="MethodPlan.Reused"/>).</summary>
    public int BufferOwner(int id) => _reused.TryGetValue(id, out int owner) ? owner : id;

    public void WriteBody(SourceWriter w)
    {
        for (_step = 0; _step < _plan.Steps.Count; _step++)
        {
            var step = _plan.Steps[_step];
            var statements = step.Nodes.Where(id => !_inlined.Contains(id)).ToList();
            if (!step.IsLoop)
            {
                foreach (int id in statements) WriteStatement(w, id);
                continue;
            }
            foreach (int id in statements) WriteBeforeLoop(w, id);
            if (step.InLanes)
            {
                WriteLaneLoops(w, step.Loop.Code, () => { foreach (int id in statements) WriteStatement(w, id); });
                continue;
            }
            using (w.Block($"for (int i = 0; i < {step.Loop.Code}; i++)"))
                foreach (int id in statements) WriteStatement(w, id);
        }
        _step = -1;
    }

    /// <summary>
    /// A loop over n entries as a SIMD loop over whole vectors of lanes, then a scalar loop over the last n mod Count
    /// entries: <paramref name="body"/> written once in each mode. Lane-wise arithmetic rounds as the scalar code does,
    /// so every entry gets the same bits either way.
    /// </summary>
    private void WriteLaneLoops(SourceWriter w, string n, System.Action body)
    {
        _laneCount ??= LaneForms.DeclareCount(w, _names);
        _inLanes = true;
        using (w.Block($"for (int i = 0; i <= {n} - {_laneCount}; i += {_laneCount})"))
            body();
        _inLanes = false;
        _tail = true;
        using (w.Block($"for (int i = {n} - {n} % {_laneCount}; i < {n}; i++)"))
        {
            w.Line($"// the last {n} mod {_laneCount} entries, one at a time, as above");
            body();
        }
        _tail = false;
    }

    /// <summary>A statement's comment, except in a lane loop's scalar tail, which repeats the statements above it.</summary>
    private void Note(SourceWriter w, string comment)
    {
        if (!_tail) w.Line(comment);
    }

    /// <summary>The lecture's notation for what a node computes from its arguments, e.g. tanh(t2).</summary>
    public string Definition(int id) => Notation(id);

    /// <summary>The lecture's notation for a node, as far as this plan inlines it.</summary>
    public string Formula(int id) => NotationOf(id).Text;

    /// <summary>The C# expression of a scalar node outside any loop (the method's result).</summary>
    public string Value(int id) => Expr(id).Text;

    private void WriteBeforeLoop(SourceWriter w, int id)
    {
        var node = _graph[id];
        if (_factors?.OfSink(id) is { } factored)
        {
            // W̄ = a cᵀ is not formed: c is copied out here, a entry by entry in the loop.
            var term = _graph[node.Args[1]];
            string columns = _names.Display(factored.Block.Columns), rows = _names.Display(factored.Block.Rows);
            w.Line(Comment(NodeNames.Bar(_names.Display(factored.Block.Parameter)) + " = ", term.Id)
                + $", kept as its two factors: {columns} here, {rows} row by row in the loop below");
            w.Line($"{Whole(factored.Block.Columns)}.CopyTo({_factors.Argument}.Slice({factored.ColumnsOffset}, {factored.Shape.Columns.Code}));");
            return;
        }
        switch (OperationTable.Get(node.Op).Kind)
        {
            case EmitKind.Reduction:
                w.Line(Comment(_names.Display(id) + " = ", id));
                w.Line($"{_names.Element.Keyword} {_names.Code(id)} = {_names.Element.Literal(0)};");
                break;
            case EmitKind.Scatter:
                w.Line(Comment(_names.Display(id) + " = ", id) + ", summed row by row in the loop below");
                w.Line($"{Buffer(id)}.Clear();");
                break;
        }
    }

    private void WriteStatement(SourceWriter w, int id)
    {
        var node = _graph[id];
        var op = OperationTable.Get(node.Op);
        if (_epilogues.TryGetValue(id, out var epilogue))
        {
            // A call that writes its value plus a vector: the sum's statement, in one pass.
            w.Line(Comment(_names.Display(id) + " = ", id));
            w.Line(OperationTable.Get(_graph[epilogue.Call].Op).WholeAddCode!(new NodeCodeContext(this, epilogue.Call, Buffer(id)), Whole(epilogue.Addend)) + ";");
            return;
        }
        if (_whole.Contains(id))
        {
            // One kernel call over whole vectors: into the node's buffer, or, for a reduction, into a local.
            w.Line(Comment(_names.Display(id) + " = ", id));
            w.Line(node.Shape.IsVector
                ? op.WholeCode!(new NodeCodeContext(this, id, Buffer(id))) + ";"
                : $"{_names.Element.ValueType(op)} {_names.Code(id)} = {op.WholeCode!(new NodeCodeContext(this, id, string.Empty))};");
            return;
        }
        switch (op.Kind)
        {
            case EmitKind.Reduction:
                w.Line($"{_names.Code(id)} += {op.Code(new NodeCodeContext(this, id, string.Empty))};");
                break;
            case EmitKind.Scatter:
                w.Line(op.Code(new NodeCodeContext(this, id, Buffer(id))) + ";");
                break;
            case EmitKind.Vector:
                w.Line(Comment(_names.Display(id) + " = ", id));
                w.Line(op.Code(new NodeCodeContext(this, id, Buffer(id))) + ";");
                break;
            case EmitKind.Sink:
                WriteSink(w, node);
                break;
            default:
                Note(w, Comment(_names.Display(id) + " = ", id));
                string code = Code(op, new NodeCodeContext(this, id, string.Empty));
                // A stored entry that nothing else in this loop reads goes straight into its buffer.
                if (_stored.Contains(id) && !IsReadInStep(id))
                {
                    w.Line(StoreEntry(Buffer(id), "i", code));
                    break;
                }
                w.Line($"{(_inLanes ? _names.Element.Lanes : _names.Element.ValueType(op))} {_names.Code(id)} = {code};");
                if (_stored.Contains(id)) w.Line(StoreEntry(Buffer(id), "i", _names.Code(id)));
                break;
        }
    }

    /// <summary>The op's code for entry i, or for lanes i … i + Count − 1 in a lane loop.</summary>
    private string Code(Operation op, NodeCodeContext context) => _inLanes ? op.LaneForm!(context) : op.Code(context);

    /// <summary><c>span[index] = value</c>, or the lanes' store.</summary>
    private string StoreEntry(string span, string index, string value) =>
        _inLanes ? LaneForms.Store(span, index, value) + ";" : $"{span}[{index}] = {value};";

    /// <summary>
    /// Whether a node of the current step reads the value: directly, through a matrix term its sink writes, or through an
    /// inlined expression (Σ (z + 1)^−0.5 reads z inside its summand, which is not a node of the step).
    /// </summary>
    private bool IsReadInStep(int id) => _plan.Steps[_step].Nodes.Any(n => Reads(n, id));

    private bool Reads(int reader, int id) => _graph[reader].Args.Any(a => a == id
        || OperationTable.Get(_graph[a].Op).Kind == EmitKind.MatrixTerm && _graph[a].Args.Contains(id)
        || _inlined.Contains(a) && Reads(a, id));

    private void WriteSink(SourceWriter w, Node sink)
    {
        var parameter = _graph[sink.Args[0]];
        var value = _graph[sink.Args[1]];
        var valueOp = OperationTable.Get(value.Op);
        if (_factors?.OfSink(sink.Id) is { } factored)
        {
            Note(w, $"// row i of {NodeNames.Bar(_names.Display(parameter.Id))}'s rows' factor: {_names.Display(factored.Block.Rows)}[i]");
            w.Line(StoreEntry(_factors.Argument, _factors.RowIndex(factored), Expr(factored.Block.Rows).Text));
            return;
        }
        string lhs = NodeNames.Bar(_names.Display(parameter.Id)) + " += ";
        Note(w, valueOp.Kind == EmitKind.MatrixTerm ? Comment(lhs, value.Id) : Comment(lhs, value.Id, definition: false));
        if (parameter.Shape.IsScalar)
        {
            w.Line(OperationTable.Get(sink.Op).Code(new NodeCodeContext(this, sink.Id, _scalarGradient(parameter))) + ";");
            return;
        }
        UsedGradients.Add(parameter.Id);
        string gradient = _names.Gradient(parameter.Id);
        if (valueOp.Kind == EmitKind.MatrixTerm)
            w.Line(valueOp.Code(new NodeCodeContext(this, value.Id, RowOf(gradient, parameter.Shape))) + ";");
        else if (_inLanes)
            w.Line(OperationTable.Get(sink.Op).LaneForm!(new NodeCodeContext(this, sink.Id, gradient)) + ";");
        else
            w.Line(OperationTable.Get(sink.Op).Code(new NodeCodeContext(this, sink.Id, $"{gradient}[i]")) + ";");
    }

    private static string RowOf(string span, Shape matrix) => $"{span}.Slice(i * {matrix.Columns.Code}, {matrix.Columns.Code})";

    /// <summary>A node's value where the current statement reads it, with the precedence of its outermost operator.</summary>
    private (string Text, int Precedence) Expr(int id)
    {
        if (_inLanes) return LaneExpr(id);
        var node = _graph[id];
        var op = OperationTable.Get(node.Op);
        if (node.Op == OperationTable.Const)
            return (_names.Code(id), Fragments.PrecedenceOfName(node));
        if (op.Kind == EmitKind.Source)
        {
            if (node.Op == OperationTable.Param) UsedParameters.Add(id);
            return (node.Shape.IsVector && _step >= 0 ? $"{_names.Code(id)}[i]" : _names.Code(id), Precedences.Atom);
        }
        if (_inlined.Contains(id))
            return (op.Code(new NodeCodeContext(this, id, string.Empty)), op.Precedence);
        if (node.Shape.IsVector && _stepOf[id] != _step) return ($"{Buffer(id)}[i]", Precedences.Atom);
        return (_names.Code(id), Precedences.Atom);
    }

    /// <summary>
    /// A node's value in a lane loop, as a Vector&lt;T&gt; of entries i … i + Count − 1: a vector loaded from its span, a
    /// scalar or constant spread over the lanes, a value of this loop by its lane local, an inlined value by its lane form.
    /// </summary>
    private (string Text, int Precedence) LaneExpr(int id)
    {
        var node = _graph[id];
        var op = OperationTable.Get(node.Op);
        if (_inlined.Contains(id)) return (op.LaneForm!(new NodeCodeContext(this, id, string.Empty)), LaneForms.Precedence(op));
        if (op.Kind != EmitKind.Source && node.Shape.IsVector && _stepOf[id] == _step) return (_names.Code(id), Precedences.Atom);
        _inLanes = false;   // the span's or the scalar's own expression
        string text = node.Shape.IsVector ? LaneForms.Load(Whole(id), "i") : LaneForms.Spread(Expr(id).Text);
        _inLanes = true;
        return (text, Precedences.Atom);
    }

    /// <summary>The whole vector a node holds, as a span.</summary>
    private string Whole(int id)
    {
        var node = _graph[id];
        if (OperationTable.Get(node.Op).Kind == EmitKind.Source)
        {
            if (node.Op == OperationTable.Param) UsedParameters.Add(id);
            return _names.Code(id);
        }
        return Buffer(id);
    }

    /// <summary>The span a stored vector lives in: the caller's, for the method's output, else a workspace buffer.</summary>
    private string Buffer(int id)
    {
        if (id == _output.Node) return _output.Span;
        UsedBuffers.Add(id);
        UsedBuffers.Add(BufferOwner(id));
        return _names.Buffer(id);
    }

    private string Row(int id)
    {
        UsedParameters.Add(id);
        return RowOf(_names.Code(id), _graph[id].Shape);
    }

    /// <summary>The lecture's notation for a node's definition, expanding inlined arguments.</summary>
    private string Notation(int id) => OperationTable.Get(_graph[id].Op).Notation(new NodeNotationContext(this, id));

    private (string Text, int Precedence) NotationOf(int id)
    {
        var node = _graph[id];
        if (_inlined.Contains(id) && !(_where is not null && _named.Contains(id)))
            return (Notation(id), OperationTable.Get(node.Op).Precedence);
        if (_where is not null && _inlined.Contains(id) && !_where.Contains(id)) _where.Add(id);
        return (_names.Display(id), Fragments.PrecedenceOfName(node));
    }

    /// <summary>
    /// A statement's comment, <c>// lhs definition</c>. An inlined value that an adjoint's name refers to (t3 in t̄3) is
    /// written by name and defined after "where", so every name a comment uses is defined in the code or its comments.
    /// </summary>
    private string Comment(string lhs, int id, bool definition = true)
    {
        _where = new List<int>();
        string text = "// " + lhs + (definition ? Notation(id) : NotationOf(id).Text);
        for (int k = 0; k < _where.Count; k++)
            text += (k == 0 ? " where " : ", ") + _names.Display(_where[k]) + " = " + Notation(_where[k]);
        _where = null;
        return text;
    }

    Graph INodeWriter.Graph => _graph;

    ElementType INodeWriter.Element => _names.Element;

    (string Text, int Precedence) INodeWriter.Expr(int id) => Expr(id);

    string INodeWriter.Row(int id) => Row(id);

    string INodeWriter.Whole(int id) => Whole(id);

    (string Text, int Precedence) INodeWriter.Notation(int id) => NotationOf(id);
}
