using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

// Whole matrix–vector passes for generated code: W·x and the row-wise squared distances ‖W[h] − x‖² in one call
// each, instead of one call per row. Four rows go through the loop together, sharing every load of x and keeping
// four independent sums in flight; with AVX-512 each step covers eight entries of a row (sixteen in float32).
public static partial class Kernels
{
    // Rows shorter than eight entries (D = 2 in the lecture's examples) stay in a scalar loop: the SIMD loop would have no
    // whole double vector to load. From eight entries it is much faster (RowKernelBenchmarks, H = 64: 0.37 of the scalar
    // loop's time at D = 8 and 12, 0.20 at D = 16). A float32 row of 8–15 entries takes the SIMD path's scalar tail.
    private const int RowVectorThreshold = 8;

    /// <summary>
    /// <c>result[i] = W[i,·]·x</c> for every row i: the product W·x of the row-major matrix <paramref name="w"/>
    /// (<c>result.Length</c> rows of <c>x.Length</c> entries) with <paramref name="x"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="w"/> is shorter than <c>result.Length · x.Length</c>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MatVec<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
        Rows<T, DotStep>(w, x, default, result);

    /// <summary>
    /// <c>result[i] = W[i,·]·x + addend[i]</c> for every row i: a layer's W·x + b in one pass, each entry the row's sum
    /// (as <see cref="MatVec{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> computes it) plus addend[i], rounded once,
    /// the bits of the two steps apart without writing W·x out and reading it back.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="w"/> is shorter than <c>result.Length · x.Length</c>, or
    /// <paramref name="addend"/> shorter than <paramref name="result"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MatVec<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, ReadOnlySpan<T> addend, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (addend.Length < result.Length) ThrowAddendTooShort(addend.Length, result.Length);
        Rows<T, DotStep>(w, x, addend, result);
    }

    /// <summary>
    /// <c>result[i] = ‖W[i,·] − x‖²</c> for every row i of the row-major matrix <paramref name="w"/>
    /// (<c>result.Length</c> rows of <c>x.Length</c> entries): an RBF layer's squared distances to its centres.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="w"/> is shorter than <c>result.Length · x.Length</c>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SqDistRows<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
        Rows<T, SqDistStep>(w, x, default, result);

    /// <summary>One entry's contribution to a row's sum, in scalar and in vector form.</summary>
    private interface IRowStep
    {
        static abstract T Add<T>(T sum, T row, T x) where T : unmanaged, IFloatingPointIeee754<T>;

        static abstract Vector512<T> Add<T>(Vector512<T> sum, Vector512<T> row, Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T>;
    }

    /// <summary>sum + row·x.</summary>
    private readonly struct DotStep : IRowStep
    {
        public static T Add<T>(T sum, T row, T x) where T : unmanaged, IFloatingPointIeee754<T> => sum + row * x;

        public static Vector512<T> Add<T>(Vector512<T> sum, Vector512<T> row, Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Simd.MultiplyAdd(row, x, sum);
    }

    /// <summary>sum + (row − x)².</summary>
    private readonly struct SqDistStep : IRowStep
    {
        public static T Add<T>(T sum, T row, T x) where T : unmanaged, IFloatingPointIeee754<T>
        {
            T d = row - x;
            return sum + d * d;
        }

        public static Vector512<T> Add<T>(Vector512<T> sum, Vector512<T> row, Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var d = row - x;
            return Simd.MultiplyAdd(d, d, sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows<T, TStep>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, ReadOnlySpan<T> addend, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> where TStep : IRowStep
    {
        int n = x.Length;
        if (w.Length < (long)result.Length * n) ThrowMatrixTooShort(w.Length, result.Length, n);
        if (n >= RowVectorThreshold && Vector512.IsHardwareAccelerated)
        {
            LongRows<T, TStep>(w, x, addend, result);
            return;
        }
        ShortRows<T, TStep>(w, x, addend, result);
    }

    // Rows shorter than a vector, four at a time: four independent sums in flight instead of one dependent chain per
    // row (moons, H = 16 and D = 2: 13 ns against 18 ns row by row). Each row still sums its entries in order from
    // zero, so the result is the same to the bit. The length check in Rows keeps every unchecked load inside w and x.
    private static void ShortRows<T, TStep>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, ReadOnlySpan<T> addend, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> where TStep : IRowStep
    {
        int n = x.Length, rows = result.Length;
        bool add = !addend.IsEmpty;   // an empty addend adds nothing (not +0, which would turn −0 into +0)
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T w0 = ref MemoryMarshal.GetReference(w);
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            ref T r0 = ref Unsafe.Add(ref w0, (nint)i * n);
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
            for (int j = 0; j < n; j++)
            {
                T xj = Unsafe.Add(ref x0, j);
                s0 = TStep.Add(s0, Unsafe.Add(ref r0, j), xj);
                s1 = TStep.Add(s1, Unsafe.Add(ref r0, n + j), xj);
                s2 = TStep.Add(s2, Unsafe.Add(ref r0, 2 * n + j), xj);
                s3 = TStep.Add(s3, Unsafe.Add(ref r0, 3 * n + j), xj);
            }
            if (add)
            {
                s0 += addend[i];
                s1 += addend[i + 1];
                s2 += addend[i + 2];
                s3 += addend[i + 3];
            }
            result[i] = s0;
            result[i + 1] = s1;
            result[i + 2] = s2;
            result[i + 3] = s3;
        }
        for (; i < rows; i++)
        {
            ref T r = ref Unsafe.Add(ref w0, (nint)i * n);
            T s = T.Zero;
            for (int j = 0; j < n; j++) s = TStep.Add(s, Unsafe.Add(ref r, j), Unsafe.Add(ref x0, j));
            result[i] = add ? s + addend[i] : s;
        }
    }

    // Four rows at a time, then the last rows one by one; each row's tail (its length modulo 8) in scalar code.
    // The length check above makes every unchecked load below stay inside w and x.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LongRows<T, TStep>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, ReadOnlySpan<T> addend, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> where TStep : IRowStep
    {
        int n = x.Length, rows = result.Length, body = n - n % Vector512<T>.Count;
        bool add = !addend.IsEmpty;
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T w0 = ref MemoryMarshal.GetReference(w);
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            ref T r0 = ref Unsafe.Add(ref w0, (nint)i * n);
            ref T r1 = ref Unsafe.Add(ref r0, n);
            ref T r2 = ref Unsafe.Add(ref r1, n);
            ref T r3 = ref Unsafe.Add(ref r2, n);
            Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int j = 0; j < body; j += Vector512<T>.Count)
            {
                var xv = Vector512.LoadUnsafe(ref x0, (nuint)j);
                s0 = TStep.Add(s0, Vector512.LoadUnsafe(ref r0, (nuint)j), xv);
                s1 = TStep.Add(s1, Vector512.LoadUnsafe(ref r1, (nuint)j), xv);
                s2 = TStep.Add(s2, Vector512.LoadUnsafe(ref r2, (nuint)j), xv);
                s3 = TStep.Add(s3, Vector512.LoadUnsafe(ref r3, (nuint)j), xv);
            }
            T t0 = Vector512.Sum(s0), t1 = Vector512.Sum(s1), t2 = Vector512.Sum(s2), t3 = Vector512.Sum(s3);
            for (int j = body; j < n; j++)
            {
                T xj = Unsafe.Add(ref x0, j);
                t0 = TStep.Add(t0, Unsafe.Add(ref r0, j), xj);
                t1 = TStep.Add(t1, Unsafe.Add(ref r1, j), xj);
                t2 = TStep.Add(t2, Unsafe.Add(ref r2, j), xj);
                t3 = TStep.Add(t3, Unsafe.Add(ref r3, j), xj);
            }
            if (add)
            {
                t0 += addend[i];
                t1 += addend[i + 1];
                t2 += addend[i + 2];
                t3 += addend[i + 3];
            }
            result[i] = t0;
            result[i + 1] = t1;
            result[i + 2] = t2;
            result[i + 3] = t3;
        }
        for (; i < rows; i++)
        {
            ref T r = ref Unsafe.Add(ref w0, (nint)i * n);
            Vector512<T> s = default;
            for (int j = 0; j < body; j += Vector512<T>.Count)
                s = TStep.Add(s, Vector512.LoadUnsafe(ref r, (nuint)j), Vector512.LoadUnsafe(ref x0, (nuint)j));
            T t = Vector512.Sum(s);
            for (int j = body; j < n; j++) t = TStep.Add(t, Unsafe.Add(ref r, j), Unsafe.Add(ref x0, j));
            result[i] = add ? t + addend[i] : t;
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowAddendTooShort(int length, int rows) =>
        throw new ArgumentException($"The addend has {length} entries, fewer than the result's {rows}.", "addend");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMatrixTooShort(int length, int rows, int columns) =>
        throw new ArgumentException($"The matrix has {length} entries, fewer than {rows} rows of {columns}.", "w");

    /// <summary>Σᵢ (a[i] − b[i])² over spans long enough for SIMD: two 512-bit sums in flight, a scalar tail.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T LongSqDist<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        b = b[..a.Length];
        int n = a.Length, step = Vector512<T>.Count;
        ref T a0 = ref MemoryMarshal.GetReference(a);
        ref T b0 = ref MemoryMarshal.GetReference(b);
        Vector512<T> s0 = default, s1 = default;
        int j = 0;
        for (; j + 2 * step <= n; j += 2 * step)
        {
            s0 = SqDistStep.Add(s0, Vector512.LoadUnsafe(ref a0, (nuint)j), Vector512.LoadUnsafe(ref b0, (nuint)j));
            s1 = SqDistStep.Add(s1, Vector512.LoadUnsafe(ref a0, (nuint)(j + step)), Vector512.LoadUnsafe(ref b0, (nuint)(j + step)));
        }
        if (j + step <= n)
        {
            s0 = SqDistStep.Add(s0, Vector512.LoadUnsafe(ref a0, (nuint)j), Vector512.LoadUnsafe(ref b0, (nuint)j));
            j += step;
        }
        T s = Vector512.Sum(s0 + s1);
        for (; j < n; j++) s = SqDistStep.Add(s, Unsafe.Add(ref a0, j), Unsafe.Add(ref b0, j));
        return s;
    }

    /// <summary><c>dst[i] += s·(a[i] − b[i])</c> over spans long enough for SIMD.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LongAddScaledDifference<T>(Span<T> dst, T s, ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        a = a[..dst.Length];
        b = b[..dst.Length];
        int n = dst.Length, step = Vector512<T>.Count;
        ref T d0 = ref MemoryMarshal.GetReference(dst);
        ref T a0 = ref MemoryMarshal.GetReference(a);
        ref T b0 = ref MemoryMarshal.GetReference(b);
        var scale = Vector512.Create(s);
        int j = 0;
        for (; j + step <= n; j += step)
        {
            var difference = Vector512.LoadUnsafe(ref a0, (nuint)j) - Vector512.LoadUnsafe(ref b0, (nuint)j);
            Simd.MultiplyAdd(scale, difference, Vector512.LoadUnsafe(ref d0, (nuint)j)).StoreUnsafe(ref d0, (nuint)j);
        }
        for (; j < n; j++) Unsafe.Add(ref d0, j) += s * (Unsafe.Add(ref a0, j) - Unsafe.Add(ref b0, j));
    }
}
