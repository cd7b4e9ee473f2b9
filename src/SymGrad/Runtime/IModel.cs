using System.Numerics;

namespace SymGrad;

/// <summary>
/// What every generated model, of either element type, offers the parameter tools: a flat parameter vector θ of
/// <typeparamref name="T"/> with named blocks. <see cref="IParameterized"/> is the float64 one.
/// </summary>
/// <typeparam name="T">The element type: <see cref="double"/> (<see cref="Precision.Float64"/>) or <see cref="float"/> (<see cref="Precision.Float32"/>).</typeparam>
public interface IParameterized<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name of the <c>[Model]</c> method the model was generated from.</summary>
    string Name { get; }

    /// <summary>
    /// The method's name with its namespace and containing types (<c>Demo.Nets.TwoLayer</c>): what a parameter file
    /// records, so that a file of a same-named model elsewhere is refused.
    /// </summary>
    string FullName { get; }

    /// <summary>The length of the input vector <c>x</c>.</summary>
    int InputLength { get; }

    /// <summary>The number of parameters, the length of θ.</summary>
    int ParameterCount { get; }

    /// <summary>All parameters θ in one flat span; the blocks of <see cref="Blocks"/> are views into it.</summary>
    Span<T> Parameters { get; }

    /// <summary>The named parameter blocks in the order they are laid out in θ.</summary>
    IReadOnlyList<ParameterBlock> Blocks { get; }
}

/// <summary>
/// What every float64 generated model, scalar (<see cref="IModel"/>) or vector-valued (<see cref="IVectorModel"/>), offers the
/// parameter tools (initialisation, <see cref="ParameterFile"/>, <see cref="ParameterTransfer"/>): a flat parameter
/// vector θ with named blocks.
/// </summary>
public interface IParameterized : IParameterized<double>
{
}

/// <summary>
/// What every generated scalar model offers the runtime, in its element type <typeparamref name="T"/>: a flat parameter
/// vector θ with named blocks, an allocation-free forward pass and a gradient that accumulates into a caller's buffer.
/// <see cref="IModel"/> is the float64 one; a float32 model (<c>[Model(Precision = Precision.Float32)]</c>) is an
/// <c>IModel&lt;float&gt;</c>. Losses are evaluated in double whatever <typeparamref name="T"/>: the loss a gradient returns is a double.
/// </summary>
/// <remarks>
/// <c>Forward</c>, <c>Predict</c> and <c>Gradient</c> may be called from many threads at once on one instance: they
/// only read θ, and keep their intermediate vectors in per-call memory (the stack, or an array per thread above
/// <see cref="Workspace.StackLimit"/> values), so one model can serve many requests. What writes θ (training,
/// <c>Initialize</c>, loading parameters) must not overlap with other calls; train a <see cref="Clone"/> instead.
/// </remarks>
/// <typeparam name="T">The element type of θ, inputs, targets and scores.</typeparam>
public interface IModel<T> : IParameterized<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>An independent copy: the same dimensions and a copy of θ, sharing no memory with this model.</summary>
    IModel<T> Clone();

    /// <summary>The model's score <c>f(x)</c>.</summary>
    T Forward(ReadOnlySpan<T> x);

    /// <summary>
    /// Computes the loss of <c>f(x)</c> against <paramref name="y"/>, adds <c>∂L/∂θ</c> into
    /// <paramref name="gradient"/> (so minibatches sum for free) and returns the loss.
    /// </summary>
    double Gradient<TLoss>(ReadOnlySpan<T> x, T y, Span<T> gradient) where TLoss : ILoss;

    /// <summary>
    /// Adds <c>∂f/∂x</c>, the gradient of the score with respect to the input (which features move it), into
    /// <paramref name="gradient"/> (length <see cref="IParameterized{T}.InputLength"/>). Where the model branches on x,
    /// it is the gradient of the branch taken.
    /// </summary>
    void InputGradient(ReadOnlySpan<T> x, Span<T> gradient);

    /// <summary>
    /// The scores of a minibatch: <paramref name="inputs"/> holds B inputs one after another (row-major B ×
    /// <see cref="IParameterized{T}.InputLength"/>) and <paramref name="scores"/> receives their B scores.
    /// </summary>
    /// <remarks>
    /// The default runs <see cref="Forward(ReadOnlySpan{T})"/> per example; a generated model replaces it with
    /// matrix–matrix products where its operations allow.
    /// </remarks>
    /// <exception cref="ArgumentException">The inputs are not B whole rows, or the scores do not have length B; nothing has been written.</exception>
    void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> scores)
    {
        int count = Kernels.BatchCount(inputs.Length, InputLength, scores.Length, nameof(inputs), nameof(scores));
        for (int i = 0; i < count; i++) scores[i] = Forward(inputs.Slice(i * InputLength, InputLength));
    }

    /// <summary>
    /// The minibatch form of <see cref="Gradient{TLoss}(ReadOnlySpan{T}, T, Span{T})"/>: adds the sum of the
    /// B examples' <c>∂L/∂θ</c> into <paramref name="gradient"/> and returns the sum of their losses.
    /// <paramref name="inputs"/> holds the B inputs row-major, <paramref name="targets"/> their B targets.
    /// </summary>
    /// <remarks>
    /// The default runs the per-example gradient; a generated model replaces it with matrix–matrix products where its
    /// operations allow. Either way the result equals the per-example sum up to rounding.
    /// </remarks>
    /// <exception cref="ArgumentException">An argument has the wrong length; nothing has been written.</exception>
    double GradientBatch<TLoss>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient) where TLoss : ILoss
    {
        int count = Kernels.BatchCount(inputs.Length, InputLength, targets.Length, nameof(inputs), nameof(targets));
        Kernels.CheckLength(gradient.Length, ParameterCount, nameof(gradient), "The gradient");
        double loss = 0;
        for (int i = 0; i < count; i++) loss += Gradient<TLoss>(inputs.Slice(i * InputLength, InputLength), targets[i], gradient);
        return loss;
    }

    /// <summary>
    /// The forward pass as standard ONNX operators over a batch, for export: the SymGrad.Onnx package writes it, with
    /// θ in the element type <typeparamref name="T"/>, as an ONNX model file.
    /// </summary>
    ForwardGraph ForwardGraph { get; }
}

/// <summary>
/// What every float64 generated scalar model offers the runtime (<see cref="IModel{T}"/> of <see cref="double"/>).
/// </summary>
/// <remarks>
/// <c>Forward</c>, <c>Predict</c> and <c>Gradient</c> may be called from many threads at once on one instance: they
/// only read θ, and keep their intermediate vectors in per-call memory (the stack, or an array per thread above
/// <see cref="Workspace.StackLimit"/> values), so one model can serve many requests. What writes θ (training,
/// <c>Initialize</c>, loading parameters) must not overlap with other calls; train a <see cref="Clone"/> instead.
/// </remarks>
public interface IModel : IModel<double>, IParameterized
{
    /// <summary>An independent copy: the same dimensions and a copy of θ, sharing no memory with this model.</summary>
    new IModel Clone();

    IModel<double> IModel<double>.Clone() => Clone();
}

/// <summary>A named parameter block inside θ: a scalar, a vector or a row-major matrix.</summary>
/// <param name="Name">The parameter's name in the model method.</param>
/// <param name="Offset">Where the block starts in θ.</param>
/// <param name="Rows">Rows of a matrix, length of a vector, 1 for a scalar.</param>
/// <param name="Columns">Columns of a matrix, 1 otherwise.</param>
/// <param name="Rank">0 for a scalar, 1 for a vector, 2 for a matrix (an H×1 matrix is still a matrix).</param>
public readonly record struct ParameterBlock(string Name, int Offset, int Rows, int Columns, int Rank)
{
    /// <summary>Whether the block is a matrix (a weight matrix, as opposed to a bias or output vector).</summary>
    public bool IsMatrix => Rank == 2;

    /// <summary>The number of entries, <c>Rows·Columns</c>.</summary>
    public int Length => Rows * Columns;
}
