using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SymGrad.Generator.Common;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;
using SymGrad.Generator.Optimize;
using static SymGrad.Generator.Common.Namespaces;

namespace SymGrad.Generator.Emit;

/// <summary>
/// Writes a model's forward pass as ONNX operators, for the generated class's ForwardGraph (a SymGrad.ForwardGraph
/// that the SymGrad.Onnx package turns into a file). Each node's operators come from its table entry's ONNX rule; this
/// class only tracks names and the batch axis, and drops operators the score does not need.
/// </summary>
internal static class OnnxGraphEmitter
{

    /// <summary>The graph a model's forward pass becomes: operators, constants, and why it cannot be exported.</summary>
    internal sealed record OnnxGraph(
        string Input, string Output, List<OnnxNode> Nodes, List<(string Name, double Value)> Constants,
        List<(string Name, long[] Values)> Indices, List<string> Unsupported);

    /// <summary>One ONNX operator, with the comment (the math of the model node it belongs to) written before it.</summary>
    internal sealed record OnnxNode(string Op, string[] Inputs, string Output, (string Name, long Value)[] Attributes, string Comment);

    /// <summary>Writes the ForwardGraph property and the static field behind it.</summary>
    public static void Write(SourceWriter w, Graph graph, NodeNames names, int input, int output)
    {
        var g = Build(graph, names, input, output);
        w.Line("/// <summary>");
        w.Line($"/// The forward pass as standard ONNX operators (of <see cref=\"{Runtime}.ForwardGraph.Opset\"/>) over a batch: {g.Input} is");
        w.Line($"/// [batch, {Rows(graph[input])}] and {g.Output} is [batch, 1]. The SymGrad.Onnx package writes it, with θ, as an ONNX model file.");
        w.Line("/// </summary>");
        w.Line($"public {Runtime}.ForwardGraph ForwardGraph => _forwardGraph;");
        w.Line();
        w.Line($"private static readonly {Runtime}.ForwardGraph _forwardGraph = new(");
        w.Line($"    {Quote(g.Input)},");
        w.Line($"    {Quote(g.Output)},");
        if (g.Nodes.Count == 0) w.Line($"    {Array($"{Runtime}.ForwardGraphNode", Enumerable.Empty<string>())},");
        else
        {
            w.Line($"    new {Runtime}.ForwardGraphNode[]");
            w.Line("    {");
            string? comment = null;
            foreach (var node in g.Nodes)
            {
                if (node.Comment != comment) w.Line("        " + node.Comment);
                comment = node.Comment;
                string attributes = node.Attributes.Length == 0 ? string.Empty
                    : ", " + Array($"{Runtime}.ForwardGraphAttribute", node.Attributes.Select(a => $"new({Quote(a.Name)}, {Integer(a.Value)})"));
                w.Line($"        new({Quote(node.Op)}, new[] {{ {string.Join(", ", node.Inputs.Select(Quote))} }}, {Quote(node.Output)}{attributes}),");
            }
            w.Line("    },");
        }
        w.Line($"    {Array($"{Runtime}.ForwardGraphConstant", g.Constants.Select(c => $"new({Quote(c.Name)}, {ElementType.Float64.Literal(c.Value)})"))},");
        w.Line($"    {Array($"{Runtime}.ForwardGraphIndices", g.Indices.Select(i => $"new({Quote(i.Name)}, new long[] {{ {string.Join(", ", i.Values.Select(Integer))} }})"))},");
        w.Line($"    {Array("string", g.Unsupported.Select(Quote))});");
        w.Line();
    }

    /// <summary>The forward pass from <paramref name="input"/> to <paramref name="output"/> as ONNX operators.</summary>
    public static OnnxGraph Build(Graph graph, NodeNames names, int input, int output)
    {
        var builder = new Builder(graph, names);
        var forward = graph.AncestorsOf(output);
        var batched = Batched(graph, forward);
        var notation = new MethodEmitter(graph, names, new MethodPlan(EquatableArray<Step>.Empty, EquatableArray<int>.Empty, EquatableArray<int>.Empty));
        var value = new Dictionary<int, string>();
        string score = builder.FreshName("score");
        foreach (int id in forward)
        {
            var node = graph[id];
            var op = OperationTable.Get(node.Op);
            string comment = op.Kind == EmitKind.Source ? string.Empty
                : $"// {(id == output && batched[id] ? score + " = " : string.Empty)}{names.Display(id)} = {notation.Definition(id)}";
            var context = new Context(builder, graph, node, names.Code(id), value, batched, comment);
            value[id] = op.Onnx is null
                ? builder.Unsupported($"the operation {node.Op} belongs to the backward pass")
                : context.Finish(op.Onnx(context));
        }

        string result = value[output];
        if (!batched[output])
        {
            // f does not read x: every example gets the same score, spread to [batch, 1].
            string x = names.Code(input);
            string comment = $"// {score}: the same for every example, spread to [batch, 1]";
            string batch = builder.Add("Shape", new[] { x }, score + ".batch", new[] { ("end", 1L) }, comment);
            string shape = builder.Add("Concat", new[] { batch, builder.Indices(new[] { 1L }) }, score + ".shape", new[] { ("axis", 0L) }, comment);
            builder.Add("Expand", new[] { result, shape }, score, System.Array.Empty<(string, long)>(), comment);
        }
        else if (!builder.Rename(result, score))
        {
            builder.Add("Identity", new[] { result }, score, System.Array.Empty<(string, long)>(), $"// {score} = {names.Display(output)}");
        }
        return builder.ToGraph(names.Code(input), score);
    }

    /// <summary>Which nodes depend on the input and so carry the batch axis (through the arguments an op reads).</summary>
    private static bool[] Batched(Graph graph, List<int> forward)
    {
        var batched = new bool[graph.Count];
        foreach (int id in forward)
        {
            var node = graph[id];
            var access = OperationTable.Get(node.Op).Access;
            batched[id] = node.Op == OperationTable.Input || node.Args.Where((a, k) => access[k] != Access.None).Any(a => batched[a]);
        }
        return batched;
    }

    private static string Rows(Node input) => input.Shape.Rows.ToString();

    private static string Array(string type, IEnumerable<string> items)
    {
        string list = string.Join(", ", items);
        return list.Length == 0 ? $"{Sys}.Array.Empty<{type}>()" : $"new {type}[] {{ {list} }}";
    }

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Collects operators, constants and reasons, and names every value once.</summary>
    private sealed class Builder
    {
        private readonly List<OnnxNode> _nodes = new();
        private readonly List<(string Name, double Value)> _constants = new();
        private readonly List<(string Name, long[] Values)> _indices = new();
        private readonly List<string> _unsupported = new();
        private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);

        public Builder(Graph graph, NodeNames names)
        {
            foreach (var node in graph.Nodes) _taken.Add(names.Code(node.Id));
        }

        public int Count => _nodes.Count;

        public string Add(string op, string[] inputs, string output, (string Name, long Value)[] attributes, string comment)
        {
            _nodes.Add(new OnnxNode(op, inputs, output, attributes, comment));
            _taken.Add(output);
            return output;
        }

        /// <summary>Renames the value written by the last operator, if it is <paramref name="value"/>.</summary>
        public bool Rename(string value, string name)
        {
            if (_nodes.Count == 0 || _nodes[_nodes.Count - 1].Output != value) return false;
            _nodes[_nodes.Count - 1] = _nodes[_nodes.Count - 1] with { Output = name };
            return true;
        }

        public string FreshName(string preferred)
        {
            string name = preferred;
            for (int k = 2; _taken.Contains(name); k++) name = preferred + "_" + k.ToString(CultureInfo.InvariantCulture);
            _taken.Add(name);
            return name;
        }

        // Constants and index tensors are named by their values, which no identifier can spell, so names never collide.
        public string Scalar(double value)
        {
            string name = ElementType.Float64.Literal(value);
            if (!_constants.Any(c => c.Name == name)) _constants.Add((name, value));
            return name;
        }

        public string Indices(long[] values)
        {
            string name = "int64[" + string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
            if (!_indices.Any(i => i.Name == name)) _indices.Add((name, values));
            return name;
        }

        public string Unsupported(string reason)
        {
            if (!_unsupported.Contains(reason)) _unsupported.Add(reason);
            return "unsupported";
        }

        /// <summary>The graph with only what the score needs (an index's range, a folded branch's leftovers go).</summary>
        public OnnxGraph ToGraph(string input, string output)
        {
            if (_unsupported.Count > 0)
                return new OnnxGraph(input, output, new List<OnnxNode>(), new List<(string, double)>(), new List<(string, long[])>(), _unsupported);
            var needed = new HashSet<string>(System.StringComparer.Ordinal) { output };
            var kept = new List<OnnxNode>();
            for (int n = _nodes.Count - 1; n >= 0; n--)
            {
                if (!needed.Contains(_nodes[n].Output)) continue;
                kept.Add(_nodes[n]);
                needed.UnionWith(_nodes[n].Inputs);
            }
            kept.Reverse();
            return new OnnxGraph(input, output, kept, _constants.Where(c => needed.Contains(c.Name)).ToList(),
                _indices.Where(i => needed.Contains(i.Name)).ToList(), _unsupported);
        }
    }

    /// <summary>What one node's ONNX rule sees: its arguments' values and batch axes, and the builder.</summary>
    private sealed class Context : IOnnxContext
    {
        private readonly Builder _builder;
        private readonly Graph _graph;
        private readonly Node _node;
        private readonly string _name;
        private readonly Dictionary<int, string> _value;
        private readonly bool[] _batched;
        private readonly string _comment;
        private readonly int _first;
        private int _temporaries;

        public Context(Builder builder, Graph graph, Node node, string name, Dictionary<int, string> value, bool[] batched, string comment)
        {
            _builder = builder;
            _graph = graph;
            _node = node;
            _name = name;
            _value = value;
            _batched = batched;
            _comment = comment;
            _first = builder.Count;
        }

        public int ArgCount => _node.Args.Count;

        public bool IsBatchedResult => _batched[_node.Id];

        public string Name => _name;

        public double Value => _node.Value;

        public string Callee => _node.Callee;

        public string Arg(int k) => _value[_node.Args[k]];

        public bool IsBatched(int k) => _batched[_node.Args[k]];

        public int Rank(int k) => _graph[_node.Args[k]].Shape.Rank;

        public string Node(string op, params string[] inputs) => Node(op, inputs, System.Array.Empty<(string, long)>());

        // Intermediate values are named after the node, t3.1, t3.2, …: a dot cannot appear in an identifier.
        public string Node(string op, string[] inputs, params (string Name, long Value)[] attributes) =>
            _builder.Add(op, inputs, _builder.FreshName(_name + "." + (++_temporaries).ToString(CultureInfo.InvariantCulture)), attributes, _comment);

        public string Scalar(double value) => _builder.Scalar(value);

        public string Indices(params long[] values) => _builder.Indices(values);

        public string Unsupported(string reason) => _builder.Unsupported(reason);

        /// <summary>The rule's result: its last operator's value takes the node's name.</summary>
        public string Finish(string result) => _builder.Count > _first && _builder.Rename(result, _name) ? _name : result;
    }
}
