using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Emit;

/// <summary>
/// What an op's code and notation templates read of the method being written: each node's expression, matrix row,
/// whole span and notation. The per-example <see cref="MethodEmitter"/> and the minibatch <see cref="BatchEmitter"/>
/// answer differently (a batch reads row r of a block); the templates are the same.
/// </summary>
internal interface INodeWriter
{
    Graph Graph { get; }

    /// <summary>The element type of the class being written.</summary>
    ElementType Element { get; }

    /// <summary>Entry i of a node (or the scalar) as code, with its outermost operator's precedence.</summary>
    (string Text, int Precedence) Expr(int id);

    /// <summary>Row i of a matrix node, as a span.</summary>
    string Row(int id);

    /// <summary>A whole vector node, as a span.</summary>
    string Whole(int id);

    /// <summary>A node in the lecture's notation, with its precedence.</summary>
    (string Text, int Precedence) Notation(int id);
}

/// <summary>Precedence rules shared by code and notation fragments.</summary>
internal static class Fragments
{
    /// <summary>Parenthesises a fragment that binds more loosely than its place needs.</summary>
    public static string Wrap((string Text, int Precedence) e, int min) => e.Precedence < min ? $"({e.Text})" : e.Text;

    /// <summary>The precedence of a node written by its name: an atom, except a negative constant (−2), which is unary.</summary>
    public static int PrecedenceOfName(Node node) =>
        node.Op == OperationTable.Const && Literals.IsNegative(node.Value) ? Precedences.Unary : Precedences.Atom;
}

/// <summary>An op's code template applied to one node, written into <see cref="Target"/> where the op writes a whole value.</summary>
internal sealed class NodeCodeContext : ICodeContext
{
    private readonly INodeWriter _writer;
    private readonly Node _node;

    public NodeCodeContext(INodeWriter writer, int id, string target)
    {
        _writer = writer;
        _node = writer.Graph[id];
        Target = target;
    }

    public string Target { get; }

    public string Value => _writer.Element.Literal(_node.Value);

    public string Index => ((long)_node.Value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Length(int k) => _writer.Graph[_node.Args[k]].Shape.Rows.Code;

    public string Callee => _node.Callee;

    public string Arg(int k, int minPrecedence = 0) => Fragments.Wrap(_writer.Expr(_node.Args[k]), minPrecedence);

    public string Row(int k) => _writer.Row(_node.Args[k]);

    public string Whole(int k) => _writer.Whole(_node.Args[k]);

    public string Real => _writer.Element.Keyword;

    public string Math => _writer.Element.MathClass;

    public string Literal(double value) => _writer.Element.Literal(value);

    public string Narrow(string code) => _writer.Element.Narrow(code);

    public string ScoreLoss(string member) => _writer.Element.ScoreLoss(member);
}

/// <summary>An op's notation template applied to one node, for the lecture-style comments of generated code.</summary>
internal sealed class NodeNotationContext : INotationContext
{
    private readonly INodeWriter _writer;
    private readonly Node _node;

    public NodeNotationContext(INodeWriter writer, int id)
    {
        _writer = writer;
        _node = writer.Graph[id];
    }

    public string Value => Literals.Display(_node.Value);

    public string Op => _node.Op;

    /// <summary>The method's short name, for comments (f rather than global::Ns.Type.f).</summary>
    public string Callee
    {
        get
        {
            string method = _node.Callee.Split('|')[0];
            return method.Substring(method.LastIndexOf('.') + 1);
        }
    }

    public bool IsVector(int k) => _writer.Graph[_node.Args[k]].Shape.IsVector;

    public string Arg(int k, int minPrecedence = 0) => Fragments.Wrap(_writer.Notation(_node.Args[k]), minPrecedence);
}
