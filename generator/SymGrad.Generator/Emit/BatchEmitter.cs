using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;
using SymGrad.Generator.Optimize;
using static SymGrad.Generator.Common.Namespaces;

namespace SymGrad.Generator.Emit;

/// <summary>
/// Writes ForwardBatch and GradientBatch from their <see cref="BatchPlan"/>s: every value with a batch axis is a block
/// of B rows, one per example, and each statement computes its whole block by its op's block form: a GEMM for W·x,
/// Wᵀy and the weight gradient Σᵣ t̄ᵣ xᵣᵀ, a SIMD kernel for an activation, a matrix–vector product for every row's
/// v · h, a transposed one or column sums for a vector's gradient Σᵣ t̄ᵣ hᵣ or Σᵣ t̄ᵣ, and otherwise the op's
/// per-example code row by row (over <c>Vector&lt;T&gt;</c> lanes where the plan says its code has a lane form,
/// <see cref="BatchPlan.InLanes"/>). Where a plan says the method cannot be batched, the methods loop over the per-example ones.
/// </summary>
internal sealed class BatchEmitter : INodeWriter
{

    private readonly Graph _graph;
    private readonly NodeNames _names;
    private readonly BatchPlan _plan;
    private readonly bool[] _batched;
    private readonly HashSet<int> _inlined;
    private readonly int _input;
    private readonly (int Node, string Span) _output;
    private readonly string _count, _r, _inputs, _targets, _targetType;
    private readonly SortedSet<int> _blocks = new();
    private readonly HashSet<int> _inLanes;
    private readonly FactorLayout? _factors; // the sweep GradientBatchFactored shares: the factored sums may keep their factors
    private bool _writingLanes;   // writing a lane-wise row loop: values are Vector<T>s of entries i …
    private string? _laneCount;   // the local holding Vector<T>.Count, once declared

    private BatchEmitter(Graph graph, NodeNames names, BatchPlan plan, int input, (int, string) output, (string Name, string Type) targets, FactorLayout? factors = null)
    {
        _factors = factors;
        _graph = graph;
        _names = names;
        _plan = plan;
        _batched = new bool[graph.Count];
        foreach (int id in plan.Batched) _batched[id] = true;
        _inlined = new HashSet<int>(plan.Inlined);
        _inLanes = new HashSet<int>(plan.InLanes);
        _input = input;
        _output = output;
        _count = names.Local("count");
        _r = names.Local("r");
        _inputs = names.Local("inputs");
        _targets = targets.Name;
        _targetType = targets.Type;
    }

    /// <summary>Parameters whose values the body reads.</summary>
    private SortedSet<int> UsedParameters { get; } = new();

    /// <summary>Parameters whose gradient blocks the body writes.</summary>
    private SortedSet<int> UsedGradients { get; } = new();

    /// <summary>What the model's class needs to write a method's preamble: its name, dimensions and parameters.</summary>
    public sealed record Context(string ClassName, Node Input, Node Output, List<string> Dims, List<Node> Parameters, Graph Graph, NodeNames Names);

    /// <summary>
    /// ForwardBatch and GradientBatch of a scalar (<c>IModel</c>) or vector (<c>IVectorModel</c>) model: the same argument
    /// checks as the interfaces' defaults, then the batched bodies, or, where a plan cannot batch, loops over Forward and
    /// Gradient with the reason in a comment; with <paramref name="factors"/> (<see cref="OptimizedModel.BatchKeepsFactors"/>), also GradientBatchFactored.
    /// </summary>
    public static void Write(SourceWriter w, Context c, BatchPlan forward, BatchPlan gradient, int loss, FactorLayout? factors)
    {
        bool vector = c.Output.Shape.IsVector;
        var t = c.Names.Element;
        bool batched = forward.IsBatched && gradient.IsBatched;
        string inputs = c.Names.Local("inputs"), scores = ModelEmitter.ScoresArgument, count = c.Names.Local("count"), r = c.Names.Local("r");
        string targets = c.Names.Local(vector ? "labels" : "targets");
        string row = $"{inputs}.Slice({r} * InputLength, InputLength)";
        string how = batched
            ? "Computed for all B examples at once, as matrix–matrix products; allocates nothing after a thread's first call of its size."
            : "Computed example by example (see the comment above).";
        w.Line();
        if (!batched) w.Line($"// ForwardBatch and GradientBatch run Forward and Gradient example by example: {(forward.IsBatched ? gradient.Fallback : forward.Fallback)}.");
        w.Line("/// <summary>");
        w.Line(vector
            ? $"/// The scores of a minibatch: <paramref name=\"{inputs}\"/> holds B inputs row-major (B × InputLength), <paramref name=\"{scores}\"/> receives B × OutputLength scores, row-major."
            : $"/// The scores of a minibatch: <paramref name=\"{inputs}\"/> holds B inputs row-major (B × InputLength), <paramref name=\"{scores}\"/> receives their B scores.");
        w.Line($"/// {how}");
        w.Line("/// </summary>");
        w.Line($"/// <exception cref=\"{Sys}.ArgumentException\">The inputs are not B whole rows, or the scores are not B {(vector ? "× OutputLength" : "long")}; nothing has been written.</exception>");
        using (w.Block($"public void ForwardBatch({t.ReadOnlySpan} {inputs}, {t.Span} {scores})"))
        {
            if (vector)
            {
                w.Line($"int {count} = {Runtime}.Kernels.BatchCount({inputs}.Length, InputLength, {scores}.Length / OutputLength, \"{inputs}\", \"{scores}\");");
                w.Line($"{Runtime}.Kernels.CheckLength({scores}.Length, {count} * OutputLength, \"{scores}\", \"The scores\");");
            }
            else w.Line($"int {count} = {Runtime}.Kernels.BatchCount({inputs}.Length, InputLength, {scores}.Length, \"{inputs}\", \"{scores}\");");
            if (batched) new BatchEmitter(c.Graph, c.Names, forward, c.Input.Id, (c.Output.Id, scores), (targets, string.Empty)).WriteMethod(w, c, gradient: false, loss: -1);
            else if (vector) w.Line($"for (int {r} = 0; {r} < {count}; {r}++) Forward({row}, {scores}.Slice({r} * OutputLength, OutputLength));");
            else w.Line($"for (int {r} = 0; {r} < {count}; {r}++) {scores}[{r}] = Forward({row});");
        }
        WriteGradientBatch(w, c, gradient, loss, batched, how, factors);
    }

    /// <summary>
    /// GradientBatch; with <paramref name="factors"/> also GradientBatchFactored, both checking their arguments and then
    /// running one private sweep, whose factored blocks' sums are kept as factors when it is given a factors span. One
    /// body for both makes every other entry the same bits either way, which training relies on.
    /// </summary>
    private static void WriteGradientBatch(SourceWriter w, Context c, BatchPlan gradient, int loss, bool batched, string how, FactorLayout? factors)
    {
        bool vector = c.Output.Shape.IsVector;
        var t = c.Names.Element;
        string inputs = c.Names.Local("inputs"), count = c.Names.Local("count"), r = c.Names.Local("r");
        string targets = c.Names.Local(vector ? "labels" : "targets");
        string row = $"{inputs}.Slice({r} * InputLength, InputLength)";
        string targetSpan = vector ? $"{Sys}.ReadOnlySpan<int>" : t.ReadOnlySpan;
        string where = $"where TLoss : {Runtime}.{(vector ? "IClassLoss" : "ILoss")}";
        var emitter = batched ? new BatchEmitter(c.Graph, c.Names, gradient, c.Input.Id, (-1, string.Empty), (targets, vector ? "int" : t.Keyword), factors) : null;
        void Checks(string? factorsArgument)
        {
            w.Line($"int {count} = {Runtime}.Kernels.BatchCount({inputs}.Length, InputLength, {targets}.Length, \"{inputs}\", \"{targets}\");");
            w.Line($"{Runtime}.Kernels.CheckLength(gradient.Length, _parameterCount, \"gradient\", \"The gradient\");");
            if (factorsArgument is not null) w.Line($"{Runtime}.Kernels.CheckLength({factorsArgument}.Length, {count} * _factorLength, \"{factorsArgument}\", \"The factors\");");
            if (vector) w.Line($"{Runtime}.Kernels.CheckLabels({targets}, OutputLength, \"{targets}\");");
        }

        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// The minibatch form of Gradient: adds the sum of the B examples' ∂L/∂θ into <paramref name=\"gradient\"/> and returns the sum of their losses.");
        w.Line($"/// <paramref name=\"{inputs}\"/> holds the B inputs row-major, <paramref name=\"{targets}\"/> their B {(vector ? "classes" : "targets")}; equal to the per-example sum up to rounding.");
        w.Line($"/// {how}");
        w.Line("/// </summary>");
        string exception = $"/// <exception cref=\"{Sys}.ArgumentException\">An argument has the wrong length{(vector ? ", or a label is outside 0..OutputLength−1" : string.Empty)}; nothing has been written.</exception>";
        w.Line(exception);
        using (w.Block($"public double GradientBatch<TLoss>({t.ReadOnlySpan} {inputs}, {targetSpan} {targets}, {t.Span} gradient) {where}"))
        {
            Checks(null);
            if (factors is not null) w.Line($"return GradientBatch<TLoss>({count}, {inputs}, {targets}, gradient, default);");
            else
            {
                if (emitter is not null) emitter.WriteMethod(w, c, gradient: true, loss);
                else
                {
                    w.Line("double loss = 0.0;");
                    w.Line($"for (int {r} = 0; {r} < {count}; {r}++) loss += Gradient<TLoss>({row}, {targets}[{r}], gradient);");
                }
                w.Line("return loss;");
            }
        }
        if (factors is null) return;

        string f = factors.Argument;
        string blocks = string.Join(", ", factors.Entries.Select(e => NodeNames.Bar(c.Names.Display(e.Block.Parameter)) + " = ["
            + c.Names.Display(e.Block.Rows) + "]ᵀ [" + c.Names.Display(e.Block.Columns) + "]"));
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// GradientBatch with each factored block's summed gradient kept as its two factors ({ModelEmitter.Xml(blocks)}): adds ∂L/∂θ of the");
        w.Line($"/// other blocks into <paramref name=\"gradient\"/>, writes each factor as a B-row block into <paramref name=\"{f}\"/> (B × FactorLength");
        w.Line($"/// values, at B times the offsets of <see cref=\"FactoredBlocks\"/>; a block whose columns are the input gets no copy of them) and returns the sum of the losses.");
        w.Line($"/// {how}");
        w.Line("/// </summary>");
        w.Line(exception);
        using (w.Block($"public double GradientBatchFactored<TLoss>({t.ReadOnlySpan} {inputs}, {targetSpan} {targets}, {t.Span} gradient, {t.Span} {f}) {where}"))
        {
            Checks(f);
            w.Line($"return GradientBatch<TLoss>({count}, {inputs}, {targets}, gradient, {f});");
        }
        w.Line();
        w.Line($"// The sweep of GradientBatch and GradientBatchFactored, on checked arguments: {f} is empty for GradientBatch.");
        using (w.Block($"private double GradientBatch<TLoss>(int {count}, {t.ReadOnlySpan} {inputs}, {targetSpan} {targets}, {t.Span} gradient, {t.Span} {f}) {where}"))
        {
            emitter!.WriteMethod(w, c, gradient: true, loss);
            w.Line("return loss;");
        }
    }

    /// <summary>The body after the argument checks: dimension locals, parameter and gradient views, the blocks, the statements.</summary>
    private void WriteMethod(SourceWriter w, Context c, bool gradient, int loss)
    {
        var body = new SourceWriter(w.Indent);
        body.Line($"// A value computed from the input or the target has a batch axis: [a] is the {_count}-row block whose row r is a for example r.");
        foreach (int id in _plan.Statements)
        {
            if (id == loss) WriteLoss(body, id);
            else WriteStatement(body, id);
        }

        ModelEmitter.WriteViews(w, c.Dims, c.Parameters.Where(p => UsedParameters.Contains(p.Id)),
            gradient ? c.Parameters.Where(p => UsedGradients.Contains(p.Id)) : Enumerable.Empty<Node>(), _names);
        if (_blocks.Count > 0)
        {
            string length = _names.WorkspaceLength, workspace = _names.Workspace;
            string Size(int b) => _graph[b].Shape.IsVector ? _graph[b].Shape.Rows.Code : "1";
            // Blocks of the batched values take count rows each; values of parameters alone one row in all.
            var rows = new List<string>();
            var once = new List<string>();
            string Offset()
            {
                string perRow = rows.Count == 0 ? string.Empty : ModelEmitter.SumOf(rows, longSum: false);
                var parts = new List<string>();
                if (perRow.Length > 0) parts.Add(perRow.Contains("+") ? $"{_count} * ({perRow})" : perRow == "1" ? _count : $"{_count} * {perRow}");
                if (once.Count > 0) parts.Add(ModelEmitter.SumOf(once, longSum: false));
                return parts.Count == 0 ? "0" : string.Join(" + ", parts);
            }
            foreach (int b in _blocks) (_batched[b] ? rows : once).Add(Size(b));
            string rowLength = rows.Count == 0 ? "0" : ModelEmitter.SumOf(rows, longSum: true);
            string onceLength = once.Count == 0 ? "0" : ModelEmitter.SumOf(once, longSum: true);
            rows.Clear();
            once.Clear();
            w.Line($"int {length} = {Runtime}.Kernels.BatchScratchLength({_count}, {rowLength}, {onceLength}, \"{_inputs}\");");
            ModelEmitter.WriteScratchSpan(w, _names, c.ClassName);
            foreach (int b in _blocks)
            {
                string size = !_batched[b] ? Size(b) : _graph[b].Shape.IsVector ? $"{_count} * {_graph[b].Shape.Rows.Code}" : _count;
                w.Line($"{_names.Element.Span} {_names.Block(b)} = {workspace}.Slice({Offset()}, {size});");
                (_batched[b] ? rows : once).Add(Size(b));
            }
        }
        w.Line();
        w.Append(body);
    }

    private void WriteLoss(SourceWriter w, int id)
    {
        w.Line($"// loss = Σ_r {Notation(id)}, over the examples' scores and targets y");
        w.Line("double loss = 0.0;");
        using (RowLoop(w))
        {
            w.Line($"{_targetType} y = {_targets}[{_r}];");
            w.Line($"loss += {OperationTable.Get(_graph[id].Op).Code(new NodeCodeContext(this, id, string.Empty))};");
        }
    }

    private void WriteStatement(SourceWriter w, int id)
    {
        var node = _graph[id];
        var op = OperationTable.Get(node.Op);
        if (op.Kind == EmitKind.Sink)
        {
            WriteSink(w, node);
            return;
        }
        string display = _names.Display(id);
        switch (_plan.FormOf(_graph, id, _batched))
        {
            case BlockForm.MatrixProduct:
            {
                var (matrix, x) = (_graph[node.Args[0]], node.Args[1]);
                w.Line($"// {display} = {Notation(id)} for every example at once: [{display}] = [{_names.Display(x)}] {_names.Display(matrix.Id)}ᵀ, one matrix–matrix product");
                w.Line($"{Runtime}.Gemm.MultiplyTransposed({BlockOf(x)}, {Parameter(matrix.Id)}, {BlockOf(id)}, {_count}, {matrix.Shape.Rows.Code}, {matrix.Shape.Columns.Code});");
                return;
            }
            case BlockForm.TransposedMatrixProduct:
            {
                var (matrix, y) = (_graph[node.Args[0]], node.Args[1]);
                w.Line($"// {display} = {Notation(id)} for every example at once: [{display}] = [{NotationOf(y)}] {_names.Display(matrix.Id)}, one matrix–matrix product");
                w.Line($"{Runtime}.Gemm.Multiply({BlockOf(y)}, {Parameter(matrix.Id)}, {BlockOf(id)}, {_count}, {matrix.Shape.Columns.Code}, {matrix.Shape.Rows.Code});");
                return;
            }
            case BlockForm.MatrixVectorProduct:
            {
                var (rows, vector) = BatchPlan.RowsAndVector(_graph, node, _batched)!.Value;
                w.Line($"// {display} = {Notation(id)} for every example at once: [{display}] = [{NotationOf(rows)}] {NotationOf(vector)}, one matrix–vector product");
                w.Line($"{Runtime}.Kernels.MatVec({BlockOf(rows)}, {Whole(vector)}, {BlockOf(id)});");
                return;
            }
            case BlockForm.Kernel:
                w.Line($"// {display} = {Notation(id)}, over the whole block at once");
                w.Line($"{Runtime}.Kernels.{op.SpanKernel}({BlockOf(node.Args[0])}, {BlockOf(id)});");
                return;
        }
        if (_inLanes.Contains(id)) _laneCount ??= LaneForms.DeclareCount(w, _names);
        w.Line($"// {display} = {Notation(id)}{(_batched[id] ? string.Empty : ", once for the whole minibatch: it depends on parameters alone")}");
        if (op.Kind == EmitKind.Scatter) w.Line($"{BlockOf(id)}.Clear();");
        using (RowLoop(w, _batched[id]))
        {
            if (op.IsLoss) w.Line($"{_targetType} y = {_targets}[{_r}];");
            switch (op.Kind)
            {
                case EmitKind.Reduction:
                    w.Line($"{_names.Element.Keyword} {_names.Code(id)} = {_names.Element.Literal(0)};");
                    w.Line($"for (int i = 0; i < {_graph[node.Args[0]].Shape.Rows.Code}; i++) {_names.Code(id)} += {op.Code(new NodeCodeContext(this, id, string.Empty))};");
                    w.Line($"{At(id)} = {_names.Code(id)};");
                    break;
                case EmitKind.Scatter:
                    w.Line($"for (int i = 0; i < {_graph[node.Args[0]].Shape.Rows.Code}; i++) {op.Code(new NodeCodeContext(this, id, RowOf(id)))};");
                    break;
                case EmitKind.Vector:
                    w.Line($"{op.Code(new NodeCodeContext(this, id, RowOf(id)))};");
                    break;
                default:
                    string code = op.Code(new NodeCodeContext(this, id, string.Empty));
                    if (!node.Shape.IsVector) w.Line($"{At(id)} = {code};");
                    else if (_inLanes.Contains(id)) WriteLaneRow(w, id, op, code);
                    else w.Line($"for (int i = 0; i < {node.Shape.Rows.Code}; i++) {At(id)} = {code};");
                    break;
            }
        }
    }

    /// <summary>
    /// One row of an elementwise statement: its lane form over <c>Vector&lt;T&gt;.Count</c> entries at a time (a parameter
    /// vector v[i] loaded at i, a row's scalar t̄[r] spread over the lanes), then the scalar code for the last n mod Count.
    /// </summary>
    private void WriteLaneRow(SourceWriter w, int id, Operation op, string scalarCode)
    {
        string n = _graph[id].Shape.Rows.Code;
        _writingLanes = true;
        string lanes = op.LaneForm!(new NodeCodeContext(this, id, string.Empty));
        string store = LaneForms.Store(BlockOf(id), Index(id), lanes);
        _writingLanes = false;
        w.Line($"for (int i = 0; i <= {n} - {_laneCount}; i += {_laneCount}) {store};");
        w.Line($"for (int i = {n} - {n} % {_laneCount}; i < {n}; i++) {At(id)} = {scalarCode};");
    }

    /// <summary>
    /// p̄ += the value, summed over the examples: a GEMM for a weight matrix's outer products, a transposed matrix–vector
    /// product or column sums for a vector's, else row by row.
    /// </summary>
    private void WriteSink(SourceWriter w, Node sink)
    {
        var parameter = _graph[sink.Args[0]];
        var value = _graph[sink.Args[1]];
        var valueOp = OperationTable.Get(value.Op);
        string bar = NodeNames.Bar(_names.Display(parameter.Id));
        var factored = _factors?.OfSink(sink.Id);
        string gradient = parameter.Shape.IsScalar ? $"gradient[{ModelEmitter.OffsetField(parameter.Name)}]" : Gradient(parameter.Id);
        switch (_plan.FormOf(_graph, sink.Id, _batched))
        {
            case BlockForm.OuterProductSum:
            {
                var (a, x) = (value.Args[0], value.Args[1]);
                w.Line($"// {bar} += Σ_r {Notation(value.Id)} = [{NotationOf(a)}]ᵀ [{_names.Display(x)}], one matrix–matrix product over the examples");
                string product = $"{Runtime}.Kernels.AddOuterProducts({BlockOf(a)}, {BlockOf(x)}, {gradient}, {parameter.Shape.Rows.Code}, {parameter.Shape.Columns.Code}, {_count});";
                if (factored is null) w.Line(product);
                else WriteFactors(w, factored, product, a, x);
                return;
            }
            case BlockForm.ScaledRowSum:
            {
                var (scale, rows) = BatchPlan.ScaledRows(_graph, value, _batched)!.Value;
                w.Line($"// {bar} += Σ_r {Notation(value.Id)} = [{NotationOf(rows)}]ᵀ [{NotationOf(scale)}], one transposed matrix–vector product over the examples");
                w.Line($"{Runtime}.Kernels.{valueOp.ScaledRowSum}({BlockOf(rows)}, {BlockOf(scale)}, {gradient}, {_count});");
                return;
            }
            case BlockForm.ColumnSum:
                w.Line($"// {bar} += Σ_r {NotationOf(value.Id)} = [{NotationOf(value.Id)}]ᵀ 𝟙, the column sums of the block");
                w.Line($"{Runtime}.Kernels.AddColumnSums({BlockOf(value.Id)}, {gradient}, {_count});");
                return;
        }
        w.Line($"// {bar} += Σ_r {(valueOp.Kind == EmitKind.MatrixTerm ? Notation(value.Id) : NotationOf(value.Id))}, summed over the examples");
        using (RowLoop(w))
        {
            if (valueOp.Kind == EmitKind.MatrixTerm)
            {
                string row = $"{gradient}.Slice(i * {parameter.Shape.Columns.Code}, {parameter.Shape.Columns.Code})";
                w.Line($"for (int i = 0; i < {parameter.Shape.Rows.Code}; i++) {valueOp.Code(new NodeCodeContext(this, value.Id, row))};");
            }
            else if (parameter.Shape.IsScalar)
                w.Line($"{OperationTable.Get(sink.Op).Code(new NodeCodeContext(this, sink.Id, gradient))};");
            else
                w.Line($"for (int i = 0; i < {parameter.Shape.Rows.Code}; i++) {OperationTable.Get(sink.Op).Code(new NodeCodeContext(this, sink.Id, gradient + "[i]"))};");
        }
    }

    /// <summary>
    /// A factored block's sum: the product into the gradient for GradientBatch (an empty factors span), else its two
    /// blocks copied into the factors' span as they are (row r is example r's), except the input, which the caller holds.
    /// </summary>
    private void WriteFactors(SourceWriter w, FactorLayout.Entry factored, string product, int a, int x)
    {
        string f = _factors!.Argument;
        w.Line($"// GradientBatchFactored keeps the two factors instead: [{NotationOf(a)}] copied, "
            + (factored.ColumnsAreInput ? $"[{_names.Display(x)}] is the inputs" : $"and [{_names.Display(x)}]"));
        w.Line($"if ({f}.IsEmpty) {product}");
        using (w.Block("else"))
        {
            w.Line($"{BlockOf(a)}.CopyTo({f}.Slice({FactorLayout.Scaled(factored.RowsOffset, _count)}, {_count} * {factored.Shape.Rows.Code}));");
            if (!factored.ColumnsAreInput)
                w.Line($"{BlockOf(x)}.CopyTo({f}.Slice({FactorLayout.Scaled(factored.ColumnsOffset, _count)}, {_count} * {factored.Shape.Columns.Code}));");
        }
    }

    /// <summary>The loop over the examples; a value of parameters alone is computed once, outside any loop.</summary>
    private System.IDisposable RowLoop(SourceWriter w, bool batched = true) =>
        batched ? w.Block($"for (int {_r} = 0; {_r} < {_count}; {_r}++)") : new NoLoop();

    private sealed class NoLoop : System.IDisposable
    {
        public void Dispose() { }
    }

    /// <summary>A node's value at example r (and entry i), with the precedence of its outermost operator.</summary>
    private (string Text, int Precedence) Expr(int id)
    {
        if (_writingLanes) return LaneExpr(id);
        var node = _graph[id];
        var op = OperationTable.Get(node.Op);
        if (node.Op == OperationTable.Const)
            return (_names.Code(id), Fragments.PrecedenceOfName(node));
        if (_inlined.Contains(id)) return (op.Code(new NodeCodeContext(this, id, string.Empty)), op.Precedence);
        if (node.Op == OperationTable.Param)
            return (node.Shape.IsVector ? $"{Parameter(id)}[i]" : Parameter(id), Precedences.Atom);
        return (At(id), Precedences.Atom);
    }

    /// <summary>
    /// A node's value in a lane-wise row loop, as a Vector&lt;T&gt; of entries i … i + Count − 1 of example r: a vector
    /// (a block's row, a parameter) loaded, a scalar (a row's t̄[r], a constant) spread over the lanes, an inlined value by its lane form.
    /// </summary>
    private (string Text, int Precedence) LaneExpr(int id)
    {
        var node = _graph[id];
        var op = OperationTable.Get(node.Op);
        if (_inlined.Contains(id)) return (op.LaneForm!(new NodeCodeContext(this, id, string.Empty)), LaneForms.Precedence(op));
        _writingLanes = false;   // the scalar's own expression
        string text = !node.Shape.IsVector ? LaneForms.Spread(Expr(id).Text)
            : node.Op == OperationTable.Param ? LaneForms.Load(Parameter(id), "i")
            : LaneForms.Load(BlockOf(id), Index(id));
        _writingLanes = true;
        return (text, Precedences.Atom);
    }

    /// <summary>A stored value's entry at example r (and entry i); a value of parameters alone has a single row.</summary>
    private string At(int id) => $"{BlockOf(id)}[{Index(id)}]";

    /// <summary>Where a stored value's entry at example r (and entry i) lies in its block.</summary>
    private string Index(int id)
    {
        var node = _graph[id];
        return _batched[id] ? (node.Shape.IsVector ? $"{_r} * {node.Shape.Rows.Code} + i" : _r) : (node.Shape.IsVector ? "i" : "0");
    }

    /// <summary>The whole of a vector at example r: a parameter, or row r of a block.</summary>
    /// <summary>Row i of a parameter matrix, as a span (a matrix in a minibatch's code is always a parameter).</summary>
    private string Row(int id)
    {
        var matrix = _graph[id];
        return $"{Parameter(matrix.Id)}.Slice(i * {matrix.Shape.Columns.Code}, {matrix.Shape.Columns.Code})";
    }

    private string Whole(int id) => _graph[id].Op == OperationTable.Param ? Parameter(id) : RowOf(id);

    private string RowOf(int id)
    {
        if (!_batched[id]) return BlockOf(id);
        string n = _graph[id].Shape.Rows.Code;
        return $"{BlockOf(id)}.Slice({_r} * {n}, {n})";
    }

    /// <summary>The span holding a batched value's block: the input, the caller's scores, or a block of the workspace.</summary>
    private string BlockOf(int id)
    {
        if (id == _input) return _inputs;
        if (id == _output.Node) return _output.Span;
        _blocks.Add(id);
        return _names.Block(id);
    }

    private string Parameter(int id)
    {
        UsedParameters.Add(id);
        return _names.Code(id);
    }

    private string Gradient(int id)
    {
        UsedGradients.Add(id);
        return _names.Gradient(id);
    }

    /// <summary>The lecture's notation for what a node computes, inlined arguments expanded.</summary>
    private string Notation(int id) => OperationTable.Get(_graph[id].Op).Notation(new NodeNotationContext(this, id));

    private string NotationOf(int id) => NotationAndPrecedence(id).Text;

    private (string Text, int Precedence) NotationAndPrecedence(int id)
    {
        var node = _graph[id];
        if (_inlined.Contains(id)) return (Notation(id), OperationTable.Get(node.Op).Precedence);
        return (_names.Display(id), Fragments.PrecedenceOfName(node));
    }

    Graph INodeWriter.Graph => _graph;

    ElementType INodeWriter.Element => _names.Element;

    (string Text, int Precedence) INodeWriter.Expr(int id) => Expr(id);

    string INodeWriter.Row(int id) => Row(id);

    string INodeWriter.Whole(int id) => Whole(id);

    (string Text, int Precedence) INodeWriter.Notation(int id) => NotationAndPrecedence(id);
}
