using System.Numerics;
using System.Numerics.Tensors;

namespace SymGrad;

// The argument checks of ForwardBatch and GradientBatch, generated or the per-example defaults of IModel and
// IVectorModel, and the weight-gradient sum they accumulate with.
public static partial class Kernels
{
    /// <summary>
    /// The number of examples B in <paramref name="inputLength"/> values of rows of <paramref name="rowLength"/>, checked
    /// against the <paramref name="expected"/> count of the per-example argument.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs are not whole rows, or there are not <paramref name="expected"/> of them.</exception>
    public static int BatchCount(int inputLength, int rowLength, int expected, string inputsName, string otherName)
    {
        if (inputLength % rowLength != 0)
            throw new ArgumentException($"The inputs have {inputLength} values, which is not a whole number of rows of {rowLength}.", inputsName);
        int count = inputLength / rowLength;
        if (count != expected)
            throw new ArgumentException($"The inputs hold {count} examples, but {otherName} is for {expected}.", otherName);
        return count;
    }

    /// <summary>Checks every label is a class 0..K−1.</summary>
    /// <exception cref="ArgumentException">A label is outside 0..K−1.</exception>
    public static void CheckLabels(ReadOnlySpan<int> labels, int classes, string name)
    {
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"Label {i} is {labels[i]}, but the model has classes 0..{classes - 1}.", name);
    }

    /// <summary>
    /// The length of a minibatch call's scratch memory, <paramref name="count"/> rows of <paramref name="rowLength"/>
    /// values and <paramref name="shared"/> values computed once for the whole minibatch, checked to fit one array.
    /// </summary>
    /// <exception cref="ArgumentException">The minibatch is too large for one call; nothing has been written.</exception>
    public static int BatchScratchLength(int count, long rowLength, long shared, string inputsName)
    {
        long length = count * rowLength + shared;
        if (length > Array.MaxLength)
            throw new ArgumentException($"A minibatch of {count} examples needs {length} values of scratch memory, more than an array holds: split it.", inputsName);
        return (int)length;
    }

    /// <summary>
    /// A minibatch's weight gradient <c>W̄ += Σᵣ aᵣ xᵣᵀ = Aᵀ·X</c>: A is k×m (the adjoints, one row per example), X is k×n
    /// and W̄ is m×n, all row-major. An entry of A that is exactly 0 adds nothing, even against a row of X that holds NaN or
    /// infinity, exactly as the per-example <see cref="AddScaled"/>: a conditional's unchosen branch masks its adjoint to 0
    /// while its values may not be finite. With a finite X (the usual case, checked in one pass) that is one matrix–matrix
    /// product; otherwise the sum is taken one outer product at a time.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix.</exception>
    public static void AddOuterProducts<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> gradient, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if ((long)k * n > x.Length) throw new ArgumentException($"X has {x.Length} values, fewer than {k}×{n}.", nameof(x));
        if (TensorPrimitives.IsFiniteAll(x[..(k * n)]))
        {
            Gemm.AddTransposedProduct(a, x, gradient, m, n, k);
            return;
        }
        if ((long)k * m > a.Length) throw new ArgumentException($"A has {a.Length} values, fewer than {k}×{m}.", nameof(a));
        if ((long)m * n > gradient.Length) throw new ArgumentException($"The gradient has {gradient.Length} values, fewer than {m}×{n}.", nameof(gradient));
        for (int r = 0; r < k; r++)
            for (int i = 0; i < m; i++)
                AddScaled(gradient.Slice(i * n, n), a[r * m + i], x.Slice(r * n, n));
    }
}
