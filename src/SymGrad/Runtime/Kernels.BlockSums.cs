using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

// A minibatch's gradient sums over its rows, one call each: b̄ += Σᵣ Xᵣ (the column sums of a B×n block) and
// v̄ += Σᵣ aᵣ Xᵣ = Xᵀa (one transposed matrix–vector product, a scalar aᵣ per row). Each pass keeps up to four
// vectors of columns in registers while it walks down the rows, so the block is read once and the sums written once.
// Every entry starts from the sum already there and adds the rows' terms in row order, with the same scalar product
// as the per-example code (no fused multiply–add): the result is the same to the bit as adding the examples'
// gradients one after another.
public static partial class Kernels
{
    /// <summary>
    /// <c>sums[i] += Σᵣ X[r,i]</c> over the <paramref name="rows"/> rows of the row-major block <paramref name="x"/>
    /// (rows × <c>sums.Length</c>): a bias's gradient summed over a minibatch.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is shorter than its block.</exception>
    public static void AddColumnSums<T>(ReadOnlySpan<T> x, Span<T> sums, int rows) where T : unmanaged, IFloatingPointIeee754<T> =>
        AddRowTerms<T, RowTerm>(x, ReadOnlySpan<T>.Empty, sums, rows);

    /// <summary>
    /// <c>sums[i] += Σᵣ a[r]·X[r,i]</c>, that is <c>sums += Xᵀa</c>, over the <paramref name="rows"/> rows of the row-major
    /// block <paramref name="x"/> (rows × <c>sums.Length</c>) with one scale per row: a weight vector's gradient Σᵣ t̄ᵣ hᵣ
    /// summed over a minibatch.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is shorter than its block, or <paramref name="a"/> than <paramref name="rows"/>.</exception>
    public static void AddTransposedMatVec<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> a, Span<T> sums, int rows) where T : unmanaged, IFloatingPointIeee754<T> =>
        AddRowTerms<T, ProductTerm>(x, a, sums, rows);

    /// <summary>
    /// As <see cref="AddTransposedMatVec{T}"/> with each term <see cref="MaskedProduct{T}"/>(a[r], X[r,i]): 0 wherever
    /// either factor is 0, even against NaN or infinity (an adjoint a conditional masked to 0).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is shorter than its block, or <paramref name="a"/> than <paramref name="rows"/>.</exception>
    public static void AddMaskedTransposedMatVec<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> a, Span<T> sums, int rows) where T : unmanaged, IFloatingPointIeee754<T> =>
        AddRowTerms<T, MaskedProductTerm>(x, a, sums, rows);

    /// <summary>Row r's term for entry i, from its scale a[r] (ignored by a plain sum) and the block's entry X[r,i].</summary>
    internal interface IRowTerm
    {
        static abstract bool IsScaled { get; }

        static abstract T Of<T>(T a, T x) where T : unmanaged, IFloatingPointIeee754<T>;

        static abstract Vector512<T> Of<T>(Vector512<T> a, Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T>;

        static abstract Vector256<T> Of<T>(Vector256<T> a, Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T>;
    }

    /// <summary>X[r,i].</summary>
    internal readonly struct RowTerm : IRowTerm
    {
        public static bool IsScaled => false;

        public static T Of<T>(T a, T x) where T : unmanaged, IFloatingPointIeee754<T> => x;

        public static Vector512<T> Of<T>(Vector512<T> a, Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> => x;

        public static Vector256<T> Of<T>(Vector256<T> a, Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T> => x;
    }

    /// <summary>a[r]·X[r,i].</summary>
    internal readonly struct ProductTerm : IRowTerm
    {
        public static bool IsScaled => true;

        public static T Of<T>(T a, T x) where T : unmanaged, IFloatingPointIeee754<T> => a * x;

        public static Vector512<T> Of<T>(Vector512<T> a, Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> => a * x;

        public static Vector256<T> Of<T>(Vector256<T> a, Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T> => a * x;
    }

    /// <summary>a[r]·X[r,i], but 0 where either is 0.</summary>
    internal readonly struct MaskedProductTerm : IRowTerm
    {
        public static bool IsScaled => true;

        public static T Of<T>(T a, T x) where T : unmanaged, IFloatingPointIeee754<T> => MaskedProduct(a, x);

        public static Vector512<T> Of<T>(Vector512<T> a, Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
            Vector512.ConditionalSelect(Vector512.Equals(a, Vector512<T>.Zero) | Vector512.Equals(x, Vector512<T>.Zero), Vector512<T>.Zero, a * x);

        public static Vector256<T> Of<T>(Vector256<T> a, Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
            Vector256.ConditionalSelect(Vector256.Equals(a, Vector256<T>.Zero) | Vector256.Equals(x, Vector256<T>.Zero), Vector256<T>.Zero, a * x);
    }

    /// <summary>The widths in bits this machine runs the row sums at, widest first; 0 is the scalar loop. Tests try each.</summary>
    internal static IReadOnlyList<int> RowSumWidths { get; } =
        new[] { Vector512.IsHardwareAccelerated ? 512 : -1, Vector256.IsHardwareAccelerated ? 256 : -1, 0 }.Where(w => w >= 0).ToArray();

    /// <summary>
    /// <c>sums[i] += Σᵣ term(a[r], X[r,i])</c>: whole vectors of columns (of <paramref name="width"/> bits, the widest
    /// this machine has unless a test asks), four at a time, then one at a time, then the last columns in scalar code.
    /// The length checks keep every unchecked load inside the spans.
    /// </summary>
    internal static void AddRowTerms<T, TTerm>(ReadOnlySpan<T> x, ReadOnlySpan<T> a, Span<T> sums, int rows, int width = -1)
        where T : unmanaged, IFloatingPointIeee754<T> where TTerm : IRowTerm
    {
        if (width < 0) width = RowSumWidths[0];
        int n = sums.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (x.Length < (long)rows * n)
            throw new ArgumentException($"The block has {x.Length} values, fewer than {rows} rows of {n}.", nameof(x));
        if (TTerm.IsScaled && a.Length < rows)
            throw new ArgumentException($"The scales have {a.Length} values, fewer than the block's {rows} rows.", nameof(a));
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T a0 = ref MemoryMarshal.GetReference(a);
        ref T s0 = ref MemoryMarshal.GetReference(sums);
        int j = 0;
        if (width == 512) j = Columns512<T, TTerm>(ref x0, ref a0, ref s0, rows, n);
        else if (width == 256) j = Columns256<T, TTerm>(ref x0, ref a0, ref s0, rows, n);
        for (; j < n; j++)
        {
            T s = Unsafe.Add(ref s0, j);
            for (int r = 0; r < rows; r++) s += TTerm.Of(TTerm.IsScaled ? Unsafe.Add(ref a0, r) : T.Zero, Unsafe.Add(ref x0, (nint)r * n + j));
            Unsafe.Add(ref s0, j) = s;
        }
    }

    /// <summary>The columns that fill whole Vector512s; returns the first column left over.</summary>
    private static int Columns512<T, TTerm>(ref T x0, ref T a0, ref T s0, int rows, int n) where T : unmanaged, IFloatingPointIeee754<T> where TTerm : IRowTerm
    {
        int step = Vector512<T>.Count, j = 0;
        for (; j + 4 * step <= n; j += 4 * step)
        {
            ref T sj = ref Unsafe.Add(ref s0, j);
            Vector512<T> c0 = Vector512.LoadUnsafe(ref sj), c1 = Vector512.LoadUnsafe(ref sj, (nuint)step);
            Vector512<T> c2 = Vector512.LoadUnsafe(ref sj, (nuint)(2 * step)), c3 = Vector512.LoadUnsafe(ref sj, (nuint)(3 * step));
            for (int r = 0; r < rows; r++)
            {
                ref T row = ref Unsafe.Add(ref x0, (nint)r * n + j);
                var scale = TTerm.IsScaled ? Vector512.Create(Unsafe.Add(ref a0, r)) : default;
                c0 += TTerm.Of(scale, Vector512.LoadUnsafe(ref row));
                c1 += TTerm.Of(scale, Vector512.LoadUnsafe(ref row, (nuint)step));
                c2 += TTerm.Of(scale, Vector512.LoadUnsafe(ref row, (nuint)(2 * step)));
                c3 += TTerm.Of(scale, Vector512.LoadUnsafe(ref row, (nuint)(3 * step)));
            }
            c0.StoreUnsafe(ref sj);
            c1.StoreUnsafe(ref sj, (nuint)step);
            c2.StoreUnsafe(ref sj, (nuint)(2 * step));
            c3.StoreUnsafe(ref sj, (nuint)(3 * step));
        }
        for (; j + step <= n; j += step)
        {
            ref T sj = ref Unsafe.Add(ref s0, j);
            var c = Vector512.LoadUnsafe(ref sj);
            for (int r = 0; r < rows; r++)
                c += TTerm.Of(TTerm.IsScaled ? Vector512.Create(Unsafe.Add(ref a0, r)) : default, Vector512.LoadUnsafe(ref Unsafe.Add(ref x0, (nint)r * n + j)));
            c.StoreUnsafe(ref sj);
        }
        return j;
    }

    /// <summary>The columns that fill whole Vector256s; returns the first column left over.</summary>
    private static int Columns256<T, TTerm>(ref T x0, ref T a0, ref T s0, int rows, int n) where T : unmanaged, IFloatingPointIeee754<T> where TTerm : IRowTerm
    {
        int step = Vector256<T>.Count, j = 0;
        for (; j + 4 * step <= n; j += 4 * step)
        {
            ref T sj = ref Unsafe.Add(ref s0, j);
            Vector256<T> c0 = Vector256.LoadUnsafe(ref sj), c1 = Vector256.LoadUnsafe(ref sj, (nuint)step);
            Vector256<T> c2 = Vector256.LoadUnsafe(ref sj, (nuint)(2 * step)), c3 = Vector256.LoadUnsafe(ref sj, (nuint)(3 * step));
            for (int r = 0; r < rows; r++)
            {
                ref T row = ref Unsafe.Add(ref x0, (nint)r * n + j);
                var scale = TTerm.IsScaled ? Vector256.Create(Unsafe.Add(ref a0, r)) : default;
                c0 += TTerm.Of(scale, Vector256.LoadUnsafe(ref row));
                c1 += TTerm.Of(scale, Vector256.LoadUnsafe(ref row, (nuint)step));
                c2 += TTerm.Of(scale, Vector256.LoadUnsafe(ref row, (nuint)(2 * step)));
                c3 += TTerm.Of(scale, Vector256.LoadUnsafe(ref row, (nuint)(3 * step)));
            }
            c0.StoreUnsafe(ref sj);
            c1.StoreUnsafe(ref sj, (nuint)step);
            c2.StoreUnsafe(ref sj, (nuint)(2 * step));
            c3.StoreUnsafe(ref sj, (nuint)(3 * step));
        }
        for (; j + step <= n; j += step)
        {
            ref T sj = ref Unsafe.Add(ref s0, j);
            var c = Vector256.LoadUnsafe(ref sj);
            for (int r = 0; r < rows; r++)
                c += TTerm.Of(TTerm.IsScaled ? Vector256.Create(Unsafe.Add(ref a0, r)) : default, Vector256.LoadUnsafe(ref Unsafe.Add(ref x0, (nint)r * n + j)));
            c.StoreUnsafe(ref sj);
        }
        return j;
    }
}
