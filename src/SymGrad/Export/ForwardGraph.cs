namespace SymGrad;

/// <summary>
/// A generated model's forward pass <c>f(x)</c> as a graph of standard ONNX operators over a batch, written by the
/// generator from its table of operations. It is plain data with no dependency: the SymGrad.Onnx package turns it,
/// with the model's θ, into an ONNX model file.
/// </summary>
/// <remarks>
/// Values are named: the input (shaped <c>[batch, D]</c>), each parameter block by its name (its own shape, a scalar
/// as <c>[]</c>), the <see cref="Constants"/> and <see cref="Indices"/>, and each node's output. A value that depends
/// on the input carries the batch axis first, a scalar as <c>[batch, 1]</c>; other values have their own shape.
/// </remarks>
public sealed class ForwardGraph
{
    /// <summary>The ONNX operator set (of the default domain) the nodes are written for.</summary>
    public const int Opset = 17;

    /// <summary>Creates a graph description; generated code calls this.</summary>
    /// <param name="input">The input value's name (the model method's first parameter).</param>
    /// <param name="output">The output value's name, shaped <c>[batch, 1]</c>.</param>
    /// <param name="nodes">The operators in topological order.</param>
    /// <param name="constants">Scalar constants, stored in the element type of the export.</param>
    /// <param name="indices">64-bit integer tensors the operators take as inputs (axes, shapes).</param>
    /// <param name="unsupported">Why the graph cannot be exported, one reason per operation without an ONNX operator; empty when it can.</param>
    public ForwardGraph(string input, string output, IReadOnlyList<ForwardGraphNode> nodes, IReadOnlyList<ForwardGraphConstant> constants,
        IReadOnlyList<ForwardGraphIndices> indices, IReadOnlyList<string> unsupported)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(constants);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(unsupported);
        Input = input;
        Output = output;
        Nodes = nodes;
        Constants = constants;
        Indices = indices;
        Unsupported = unsupported;
    }

    /// <summary>The input value's name; it is shaped <c>[batch, D]</c>.</summary>
    public string Input { get; }

    /// <summary>The output value's name; it is shaped <c>[batch, 1]</c>.</summary>
    public string Output { get; }

    /// <summary>The operators, in topological order.</summary>
    public IReadOnlyList<ForwardGraphNode> Nodes { get; }

    /// <summary>Scalar constants, stored in the element type of the export.</summary>
    public IReadOnlyList<ForwardGraphConstant> Constants { get; }

    /// <summary>64-bit integer tensors the operators take as inputs (axes, shapes).</summary>
    public IReadOnlyList<ForwardGraphIndices> Indices { get; }

    /// <summary>Why the graph cannot be exported (an operation with no faithful ONNX operator); empty when it can.</summary>
    public IReadOnlyList<string> Unsupported { get; }
}

/// <summary>One ONNX operator of a <see cref="ForwardGraph"/>.</summary>
/// <param name="Operator">The operator's type in the default ONNX domain (<c>Gemm</c>, <c>Tanh</c>, <c>Where</c>).</param>
/// <param name="Inputs">The names of the values it reads, in the operator's order.</param>
/// <param name="Output">The name of the value it writes.</param>
/// <param name="Attributes">Its integer attributes.</param>
public sealed record ForwardGraphNode(string Operator, IReadOnlyList<string> Inputs, string Output, IReadOnlyList<ForwardGraphAttribute> Attributes)
{
    /// <summary>An operator without attributes.</summary>
    /// <param name="Operator">The operator's type in the default ONNX domain.</param>
    /// <param name="Inputs">The names of the values it reads.</param>
    /// <param name="Output">The name of the value it writes.</param>
    public ForwardGraphNode(string Operator, IReadOnlyList<string> Inputs, string Output) : this(Operator, Inputs, Output, []) { }
}

/// <summary>An integer attribute of an operator (<c>transB = 1</c>, <c>keepdims = 0</c>).</summary>
/// <param name="Name">The attribute's name.</param>
/// <param name="Value">Its value.</param>
public readonly record struct ForwardGraphAttribute(string Name, long Value);

/// <summary>A scalar constant of a <see cref="ForwardGraph"/>.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="Value">The constant; exported in the element type of the file.</param>
public readonly record struct ForwardGraphConstant(string Name, double Value);

/// <summary>A one-dimensional tensor of 64-bit integers (axes, a shape) of a <see cref="ForwardGraph"/>.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="Values">Its entries.</param>
public sealed record ForwardGraphIndices(string Name, IReadOnlyList<long> Values);
