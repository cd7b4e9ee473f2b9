using System;
using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Common;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Model;

/// <summary>
/// Appends nodes to a graph in topological order. Structurally equal nodes are shared
/// (hash-consing), which is common-subexpression elimination for free.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly List<Node> _nodes = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly HashSet<int> _labelled = new();
    private readonly Func<Operation, int[], Shape>? _inferShape;

    /// <param name="inferShape">Computes a new node's shape from its op and arguments; null to leave shapes to the shape checker.</param>
    public GraphBuilder(Func<Operation, int[], Shape>? inferShape = null) => _inferShape = inferShape;

    /// <summary>A builder that continues an existing graph (node ids are kept).</summary>
    public static GraphBuilder From(Graph graph, Func<Operation, int[], Shape>? inferShape = null)
    {
        var builder = new GraphBuilder(inferShape);
        foreach (var node in graph.Nodes)
        {
            builder._nodes.Add(node);
            if (node.AdjointOf >= 0) builder._labelled.Add(node.AdjointOf);
            builder._index[Key(node.Op, node.Args.ToArray(), node.Value, node.Name, node.Callee)] = node.Id;
        }
        return builder;
    }

    public int Count => _nodes.Count;

    public Node this[int id] => _nodes[id];

    /// <summary>Adds a node, or returns the existing node with the same op, arguments, value and name.</summary>
    public int Add(string op, int[] args, Shape shape = default, double value = 0, string name = "", SourceInfo? source = null, int adjointOf = -1, string callee = "")
    {
        string key = Key(op, args, value, name, callee);
        if (_index.TryGetValue(key, out int existing)) return existing;
        if (_inferShape is not null && op != OperationTable.Const) shape = _inferShape(OperationTable.Get(op), args);
        int id = _nodes.Count;
        _nodes.Add(new Node(id, op, args.ToEquatableArray(), shape, value, name, adjointOf, source, callee));
        _index.Add(key, id);
        return id;
    }

    public int Constant(double value) => Add(OperationTable.Const, Array.Empty<int>(), Shape.Scalar, value);

    /// <summary>Labels a node as the adjoint of <paramref name="of"/> (for names and comments) unless it already has a label or a name.</summary>
    public void LabelAdjoint(int id, int of)
    {
        // A parameter's adjoint is never a node of its own (its contributions go straight into the gradient),
        // and a node has at most one adjoint label: after x·1 folds to x, both adjoints would claim x̄.
        var node = _nodes[id];
        bool fromSource = OperationTable.Get(node.Op).Kind == EmitKind.Source || OperationTable.Get(_nodes[of].Op).Kind == EmitKind.Source;
        // An adjoint is computed after the value it belongs to; a node is never its own adjoint.
        if (of < id && node.AdjointOf < 0 && node.Name.Length == 0 && !fromSource && _labelled.Add(of))
            _nodes[id] = node with { AdjointOf = of };
    }

    /// <summary>Gives a computed node the name of the local it was assigned to, for readable generated code.</summary>
    public void Rename(int id, string name)
    {
        var node = _nodes[id];
        if (node.Name.Length == 0 && OperationTable.Get(node.Op).Kind != EmitKind.Source) _nodes[id] = node with { Name = name };
    }

    private static string Key(string op, int[] args, double value, string name, string callee) =>
        op + "|" + string.Join(",", args) + "|" + value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "|" + name + "|" + callee;

    public Graph ToGraph() => new(_nodes.ToEquatableArray());

    public IEnumerable<Node> Nodes => _nodes.AsEnumerable();
}
