using System;

namespace SymGrad.Generator.Operations;

/// <summary>
/// What an op's ONNX rule (<see cref="Operation.Onnx"/>) can ask of the exporter's graph writer. Values are ONNX
/// tensors named by strings; one that depends on the input carries the batch axis first, a scalar as [batch, 1], so
/// ONNX's broadcasting lines up entries as the generated loops do. Other values keep their own shape ([], [n], [r, c]).
/// </summary>
internal interface IOnnxContext
{
    /// <summary>The name of the value holding argument k.</summary>
    string Arg(int k);

    /// <summary>The node's number of arguments.</summary>
    int ArgCount { get; }

    /// <summary>Whether argument k depends on the input, and so carries the batch axis.</summary>
    bool IsBatched(int k);

    /// <summary>Argument k's rank in the model (0 scalar, 1 vector, 2 matrix), not counting the batch axis.</summary>
    int Rank(int k);

    /// <summary>Whether the node itself depends on the input.</summary>
    bool IsBatchedResult { get; }

    /// <summary>The node's own name: the input's or a parameter's name for a source.</summary>
    string Name { get; }

    /// <summary>The node's constant attribute (a constant's value, Pow's exponent).</summary>
    double Value { get; }

    /// <summary>The user method a custom function node calls.</summary>
    string Callee { get; }

    /// <summary>Adds an operator reading <paramref name="inputs"/>; returns the name of the value it writes.</summary>
    string Node(string op, params string[] inputs);

    /// <summary>Adds an operator with integer attributes; returns the name of the value it writes.</summary>
    string Node(string op, string[] inputs, params (string Name, long Value)[] attributes);

    /// <summary>A scalar constant, stored in the element type of the export.</summary>
    string Scalar(double value);

    /// <summary>A one-dimensional int64 tensor (axes, a shape).</summary>
    string Indices(params long[] values);

    /// <summary>Records that the op has no faithful ONNX operator, and why: the export is then refused with this reason.</summary>
    string Unsupported(string reason);
}

/// <summary>The ONNX rules the table of operations shares.</summary>
internal static class OnnxRules
{
    /// <summary>One ONNX operator of the same arguments, which broadcasts as the op does (Add, Tanh, …).</summary>
    public static Func<IOnnxContext, string> Same(string op) => c =>
    {
        var args = new string[c.ArgCount];
        for (int k = 0; k < args.Length; k++) args[k] = c.Arg(k);
        return c.Node(op, args);
    };

    /// <summary>Sums the last axis, keeping it (as the scalar [batch, 1]) only for a batched result.</summary>
    public static string SumLastAxis(IOnnxContext c, string value) =>
        c.Node("ReduceSum", new[] { value, c.Indices(-1) }, ("keepdims", c.IsBatchedResult ? 1 : 0));

    /// <summary>a · b: a matrix product when one side is a batched vector and the other is not, else Σ a ⊙ b.</summary>
    public static string Dot(IOnnxContext c)
    {
        if (c.IsBatched(0) == c.IsBatched(1)) return SumLastAxis(c, c.Node("Mul", c.Arg(0), c.Arg(1)));
        int batched = c.IsBatched(0) ? 0 : 1;
        // [batch, n] × [n, 1] = [batch, 1]
        return c.Node("MatMul", c.Arg(batched), c.Node("Unsqueeze", c.Arg(1 - batched), c.Indices(1)));
    }

    /// <summary>‖a − b‖² as Σ (a − b) ⊙ (a − b), the generated loop's order of operations.</summary>
    public static string SquaredDistance(IOnnxContext c)
    {
        string difference = c.Node("Sub", c.Arg(0), c.Arg(1));
        return SumLastAxis(c, c.Node("Mul", difference, difference));
    }

    /// <summary>W·x: Gemm with W transposed for a batch of x ([batch, D]·[D, H]), MatMul for a single vector.</summary>
    public static string MatrixByVector(IOnnxContext c) =>
        c.IsBatched(0) ? MatrixOfInput(c)
        : c.IsBatched(1) ? c.Node("Gemm", new[] { c.Arg(1), c.Arg(0) }, ("transB", 1))
        : c.Node("MatMul", c.Arg(0), c.Arg(1));

    /// <summary>Row h is ‖W[h] − x‖²: x gets an axis for the rows, [batch, 1, D] against [H, D], summed over D.</summary>
    public static string RowDistances(IOnnxContext c)
    {
        if (c.IsBatched(0)) return MatrixOfInput(c);
        string difference = c.Node("Sub", c.Arg(0), c.Node("Unsqueeze", c.Arg(1), c.Indices(-2)));
        return c.Node("ReduceSum", new[] { c.Node("Mul", difference, difference), c.Indices(-1) }, ("keepdims", 0));
    }

    /// <summary>
    /// <c>l ∘ r ? a : c</c> with arguments (a, c, l, r): Where picks entry by entry, as the generated code does, so the
    /// unchosen branch's NaN or infinity never shows. A negated comparison swaps the branches: where l ≠ r is
    /// true for NaN, so is "not (l = r)".
    /// </summary>
    public static Func<IOnnxContext, string> Where(string comparison, bool negated) => c =>
        c.Node("Where", c.Node(comparison, c.Arg(2), c.Arg(3)), c.Arg(negated ? 1 : 0), c.Arg(negated ? 0 : 1));

    /// <summary>
    /// relu(a) = a &gt; 0 ? a : 0, as the generated code computes it: 0 for NaN too, where ONNX's Relu gives NaN.
    /// </summary>
    public static string Relu(IOnnxContext c) =>
        c.Node("Where", c.Node("Greater", c.Arg(0), c.Scalar(0)), c.Arg(0), c.Scalar(0));

    /// <summary>
    /// sign(a) = a &gt; 0 ? 1 : a &lt; 0 ? −1 : 0, as the generated code computes it: 0 for NaN, where ONNX's Sign gives NaN.
    /// </summary>
    public static string Sign(IOnnxContext c) =>
        c.Node("Where", c.Node("Greater", c.Arg(0), c.Scalar(0)), c.Scalar(1),
            c.Node("Where", c.Node("Less", c.Arg(0), c.Scalar(0)), c.Scalar(-1), c.Scalar(0)));

    /// <summary>A scalar spread over argument 1's shape (its last <see cref="IOnnxContext.Rank"/> axes).</summary>
    public static string Spread(IOnnxContext c) =>
        c.Node("Expand", new[] { c.Arg(0), c.Node("Shape", new[] { c.Arg(1) }, ("start", -c.Rank(1))) });

    private static string MatrixOfInput(IOnnxContext c) => c.Unsupported("a matrix computed from the input");
}
