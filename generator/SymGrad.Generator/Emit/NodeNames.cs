using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Emit;

/// <summary>
/// Names every node once for both methods: parameters and locals keep their source names, other values
/// are t1, t2, … in graph order, and an adjoint ā is written aBar in code and ā in comments.
/// </summary>
internal sealed class NodeNames
{
    private const char Macron = '\u0304';
    private readonly string[] _code;
    private readonly string[] _display;
    private readonly Dictionary<string, string> _derived = new(System.StringComparer.Ordinal);

    // Locals and parameters the generated methods declare themselves, besides the user's names.
    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal) { "loss", "y", "gradient", "i", "size", "derivative", "TLoss", "seed", "scores" };

    /// <param name="graph">The simplified graph.</param>
    /// <param name="loss">The loss node, named loss; -1 for none.</param>
    /// <param name="reserved">Other names the methods use: the dimensions.</param>
    /// <param name="first">Nodes numbered before the others (those of Forward and Gradient), so that adding a method's
    /// nodes to the graph does not renumber the values the other methods already name; null for graph order.</param>
    /// <param name="element">The element type whose literals the constants are written as.</param>
    public NodeNames(Graph graph, int loss, IEnumerable<string> reserved, ISet<int>? first = null, ElementType? element = null)
    {
        Graph = graph;
        Element = element ?? ElementType.Float64;
        _code = new string[graph.Count];
        _display = new string[graph.Count];
        _taken.UnionWith(reserved);
        _taken.UnionWith(graph.Nodes.Where(n => n.Name.Length > 0).Select(n => n.Name));
        int counter = 0;
        void Name(Node node)
        {
            if (_code[node.Id] is not null) return;
            if (node.Op == OperationTable.Const)
            {
                _code[node.Id] = Element.Literal(node.Value);
                _display[node.Id] = Literals.Display(node.Value);
            }
            else if (node.Name.Length > 0) _code[node.Id] = _display[node.Id] = node.Name;
            else if (node.Id == loss) _code[node.Id] = _display[node.Id] = "loss";
            else if (node.AdjointOf >= 0)
            {
                // An adjoint is named after its value, which a method's nodes may not include (it is then named here first).
                Name(graph[node.AdjointOf]);
                _code[node.Id] = Unique(_code[node.AdjointOf] + "Bar");
                _display[node.Id] = Bar(_display[node.AdjointOf]);
            }
            else
            {
                string name;
                do name = "t" + (++counter).ToString(System.Globalization.CultureInfo.InvariantCulture); while (_taken.Contains(name));
                _taken.Add(name);
                _code[node.Id] = _display[node.Id] = name;
            }
        }
        foreach (var node in graph.Nodes.OrderBy(n => first is null || first.Contains(n.Id) ? 0 : 1).ThenBy(n => n.Id)) Name(node);
    }

    /// <summary>The graph the names are of.</summary>
    public Graph Graph { get; }

    /// <summary>The element type of the class the names are written in.</summary>
    public ElementType Element { get; }

    /// <summary>A method's scratch span, which its buffers are cut from.</summary>
    public string Workspace => Derived("workspace");

    /// <summary>The length of a method's scratch span.</summary>
    public string WorkspaceLength => Derived("workspaceLength");

    /// <summary>The identifier of a node's local (or its literal, for a constant).</summary>
    public string Code(int id) => _code[id];

    /// <summary>How comments write the node, in the lecture's notation.</summary>
    public string Display(int id) => _display[id];

    /// <summary>The buffer a stored vector lives in.</summary>
    public string Buffer(int id) => Derived(_code[id] + "Buffer");

    /// <summary>The B-row block a batched value lives in, in a minibatch method.</summary>
    public string Block(int id) => Derived(_code[id] + "Block");

    /// <summary>A local or argument of a generated method, unique against every user and node name.</summary>
    public string Local(string preferred) => Derived(preferred);

    /// <summary>The gradient block of a parameter, p̄.</summary>
    public string Gradient(int parameter) => Derived(_code[parameter] + "Bar");

    /// <summary>A derived identifier, the same every time it is asked for, never one the user or another node took.</summary>
    private string Derived(string preferred)
    {
        if (!_derived.TryGetValue(preferred, out string? name)) _derived[preferred] = name = Unique(preferred);
        return name;
    }

    private string Unique(string preferred)
    {
        string name = preferred;
        for (int k = 2; _taken.Contains(name); k++) name = preferred + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _taken.Add(name);
        return name;
    }

    /// <summary>
    /// The lecture's ā: a macron over a one-letter name (with any digits after it, as in t̄4 or W̄1);
    /// a longer name such as gamma is written ∂L/∂gamma, since a bar over one of its letters would misread.
    /// </summary>
    public static string Bar(string name)
    {
        if (name.Length == 0) return name;
        bool oneLetter = name.Skip(1).All(char.IsDigit);
        return oneLetter ? name.Substring(0, 1) + Macron + name.Substring(1) : "∂L/∂" + name;
    }
}
