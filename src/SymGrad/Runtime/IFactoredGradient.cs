using System.Numerics;

namespace SymGrad;

/// <summary>
/// A model some of whose weight matrices get a rank-1 gradient from every example: W̄ = a cᵀ, one outer product of a
/// vector a (one entry per row, such as the adjoint of W·x) and a vector c (one per column, such as x or a hidden
/// layer's activation). Its <c>GradientFactored</c> writes such a block's gradient as the two factors; a scalar model
/// offers it as <see cref="IFactoredGradient{T}"/>, a vector model against class labels as
/// <see cref="IFactoredClassGradient{T}"/>. The generator implements them for every model with such a block, in float64
/// and float32. Training uses them at batch size 1 with plain SGD: the step then updates W row by row from the two
/// factors (W −= η·a cᵀ) instead of forming W̄ and passing over it twice (docs/training.md, "Rank-1 steps").
/// </summary>
/// <remarks>
/// Training relies on the two gradients agreeing bit for bit, so that a run gives the same θ whichever step it takes:
/// every entry the model's <c>Gradient</c> adds for a factored block must be the product a_i·c_j rounded in the model's
/// element type (added to the gradient as <c>gradient + a_i·c_j</c>, the product and the sum rounded separately), and a
/// row with a_i = 0 must add nothing (not 0·c_j, which is NaN where c_j is infinite). The generated classes do; a
/// hand-written implementation must too.
/// </remarks>
public interface IFactoredBlocks
{
    /// <summary>The blocks whose gradient <c>GradientFactored</c> writes as factors, in θ's order.</summary>
    IReadOnlyList<FactoredBlock> FactoredBlocks { get; }

    /// <summary>The length of the factors' span: each factored block's rows plus its columns.</summary>
    int FactorLength { get; }
}

/// <summary>A scalar model with rank-1 weight gradients (<see cref="IFactoredBlocks"/>) against a real target.</summary>
/// <typeparam name="T">The element type of θ and of the model's arithmetic.</typeparam>
public interface IFactoredGradient<T> : IModel<T>, IFactoredBlocks where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// <see cref="IModel{T}.Gradient{TLoss}"/> with each factored block's gradient kept as its two factors: computes the
    /// loss of <c>f(x)</c> against <paramref name="y"/>, adds <c>∂L/∂θ</c> of the other blocks into <paramref name="gradient"/>
    /// (a factored block's entries are not touched), writes each factored block's factors a and c (its gradient is a cᵀ)
    /// into <paramref name="factors"/> at the offsets of <see cref="IFactoredBlocks.FactoredBlocks"/>, and returns the loss.
    /// </summary>
    /// <exception cref="ArgumentException">An argument has the wrong length; nothing has been written.</exception>
    double GradientFactored<TLoss>(ReadOnlySpan<T> x, T y, Span<T> gradient, Span<T> factors) where TLoss : ILoss;
}

/// <summary>A vector model with rank-1 weight gradients (<see cref="IFactoredBlocks"/>) against class labels.</summary>
/// <typeparam name="T">The element type of θ and of the model's arithmetic.</typeparam>
public interface IFactoredClassGradient<T> : IVectorModel<T>, IFactoredBlocks where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// <see cref="IVectorModel{T}.Gradient{TLoss}(ReadOnlySpan{T}, int, Span{T})"/> with each factored block's gradient
    /// kept as its two factors: computes the loss of the scores against the class <paramref name="y"/>, adds <c>∂L/∂θ</c>
    /// of the other blocks into <paramref name="gradient"/> (a factored block's entries are not touched), writes each
    /// factored block's factors a and c into <paramref name="factors"/> at the offsets of
    /// <see cref="IFactoredBlocks.FactoredBlocks"/>, and returns the loss.
    /// </summary>
    /// <exception cref="ArgumentException">An argument has the wrong length, or <paramref name="y"/> is not a class; nothing has been written.</exception>
    double GradientFactored<TLoss>(ReadOnlySpan<T> x, int y, Span<T> gradient, Span<T> factors) where TLoss : IClassLoss;
}

/// <summary>
/// A scalar model whose minibatch gradient of each factored block is one matrix product, W̄ = Σᵣ aᵣ cᵣᵀ = Aᵀ C (row r
/// of A and C is example r's factors), and which can write it as its two factors. Training a float64 model uses it with
/// plain SGD at batch sizes from 2 to 64 where the hardware has 512-bit vectors: the step is then taken inside that
/// product (W −= η·s·Aᵀ C tile by tile), with no W-sized gradient written or read (docs/training.md, "Rank-1 steps").
/// </summary>
/// <remarks>
/// As for <see cref="IFactoredBlocks"/>, training relies on bit-identity: the entries <c>GradientBatch</c> adds for a
/// factored block must be those <see cref="Kernels.AddOuterProducts{T}"/> adds for A and C, which the generated classes call.
/// </remarks>
/// <typeparam name="T">The element type of θ and of the model's arithmetic.</typeparam>
public interface IFactoredBatchGradient<T> : IFactoredGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// <see cref="IModel{T}.GradientBatch{TLoss}"/> with each factored block's gradient kept as its two factors: adds the
    /// other blocks' summed gradient into <paramref name="gradient"/> (a factored block's entries are not touched), writes
    /// the factors into <paramref name="factors"/>, B × <see cref="IFactoredBlocks.FactorLength"/> values laid out as one
    /// example's with each factor a B-row block (A at B·<see cref="FactoredBlock.RowsOffset"/>, C at
    /// B·<see cref="FactoredBlock.ColumnsOffset"/>; a block whose columns are the input, <see cref="FactoredBlock.ColumnsAreInput"/>,
    /// gets no copy of its C, which is <paramref name="inputs"/>), and returns the sum of the losses.
    /// </summary>
    /// <exception cref="ArgumentException">An argument has the wrong length; nothing has been written.</exception>
    double GradientBatchFactored<TLoss>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient, Span<T> factors) where TLoss : ILoss;
}

/// <summary>A vector model whose minibatch weight gradients against class labels are kept as factors (<see cref="IFactoredBatchGradient{T}"/>).</summary>
/// <typeparam name="T">The element type of θ and of the model's arithmetic.</typeparam>
public interface IFactoredClassBatchGradient<T> : IFactoredClassGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// <see cref="IVectorModel{T}.GradientBatch{TLoss}(ReadOnlySpan{T}, ReadOnlySpan{int}, Span{T})"/> with each factored
    /// block's gradient kept as its two factors, laid out as <see cref="IFactoredBatchGradient{T}.GradientBatchFactored{TLoss}"/> lays them out.
    /// </summary>
    /// <exception cref="ArgumentException">An argument has the wrong length, or a label is not a class; nothing has been written.</exception>
    double GradientBatchFactored<TLoss>(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, Span<T> gradient, Span<T> factors) where TLoss : IClassLoss;
}

/// <summary>A float64 model with rank-1 weight gradients (<see cref="IFactoredGradient{T}"/>).</summary>
public interface IFactoredGradient : IFactoredGradient<double>, IModel
{
}

/// <summary>
/// A block of θ whose per-example gradient is a cᵀ (see <see cref="IFactoredBlocks"/>): the factor a, one entry per row
/// of the block, starts at <paramref name="RowsOffset"/> of the factors' span, the factor c, one entry per column, at
/// <paramref name="ColumnsOffset"/>.
/// </summary>
/// <param name="Block">The block's index in <see cref="IParameterized{T}.Blocks"/>.</param>
/// <param name="RowsOffset">Where the rows' factor a starts in the factors' span.</param>
/// <param name="ColumnsOffset">Where the columns' factor c starts in the factors' span.</param>
/// <param name="ColumnsAreInput">Whether c is the model's input x (the first layer's W̄ = a xᵀ): a minibatch's factors then need no copy of it.</param>
public readonly record struct FactoredBlock(int Block, int RowsOffset, int ColumnsOffset, bool ColumnsAreInput = false);
