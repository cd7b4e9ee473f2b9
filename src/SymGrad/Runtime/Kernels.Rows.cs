using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif

namespace SymGrad;

// Whole matrix–vector passes for generated code: W·x and the row-wise squared distances ‖W[h] − x‖² in one call
// each, instead of one call per row. Four rows go through the loop together, sharing every load of x and keeping
// four independent sums in flight; with AVX-512 each step covers eight entries of a row.
public static partial class Kernels
{
    // Rows shorter than one 512-bit vector (D = 2 in the lecture's examples) stay in a scalar loop that the JIT
    // inlines into the generated method: the SIMD loop would have no whole vector to load. From eight entries it is
    // much faster (RowKernelBenchmarks, H = 64: 0.37 of the scalar loop's time at D = 8 and 12, 0.20 at D = 16).
    private const int RowVectorThreshold = 8;

    /// <summary>
    /// <c>result[i] = W[i,·]·x</c> for every row i: the product W·x of the row-major matrix <paramref name="w"/>
    /// (<c>result.Length</c> rows of <c>x.Length</c> entries) with <paramref name="x"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="w"/> is shorter than <c>result.Length · x.Length</c>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MatVec(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> result) =>
        Rows<DotStep>(w, x, result);

    /// <summary>
    /// <c>result[i] = ‖W[i,·] − x‖²</c> for every row i of the row-major matrix <paramref name="w"/>
    /// (<c>result.Length</c> rows of <c>x.Length</c> entries): an RBF layer's squared distances to its centres.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="w"/> is shorter than <c>result.Length · x.Length</c>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SqDistRows(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> result) =>
        Rows<SqDistStep>(w, x, result);

    /// <summary>One entry's contribution to a row's sum, in scalar and in vector form.</summary>
    private interface IRowStep
    {
        static abstract double Add(double sum, double row, double x);

        static abstract Vector512<double> Add(Vector512<double> sum, Vector512<double> row, Vector512<double> x);
    }

    /// <summary>sum + row·x.</summary>
    private readonly struct DotStep : IRowStep
    {
        public static double Add(double sum, double row, double x) => sum + row * x;

        public static Vector512<double> Add(Vector512<double> sum, Vector512<double> row, Vector512<double> x) => MultiplyAdd(row, x, sum);
    }

    /// <summary>sum + (row − x)².</summary>
    private readonly struct SqDistStep : IRowStep
    {
        public static double Add(double sum, double row, double x)
        {
            double d = row - x;
            return sum + d * d;
        }

        public static Vector512<double> Add(Vector512<double> sum, Vector512<double> row, Vector512<double> x)
        {
            var d = row - x;
            return MultiplyAdd(d, d, sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows<TStep>(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> result) where TStep : IRowStep
    {
        int n = x.Length;
        if (w.Length < (long)result.Length * n) ThrowMatrixTooShort(w.Length, result.Length, n);
        if (n >= RowVectorThreshold && Vector512.IsHardwareAccelerated)
        {
            LongRows<TStep>(w, x, result);
            return;
        }
        for (int i = 0; i < result.Length; i++)
        {
            var row = w.Slice(i * n, n);
            double s = 0;
            for (int j = 0; j < row.Length; j++) s = TStep.Add(s, row[j], x[j]);
            result[i] = s;
        }
    }

    // Four rows at a time, then the last rows one by one; each row's tail (its length modulo 8) in scalar code.
    // The length check above makes every unchecked load below stay inside w and x.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LongRows<TStep>(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> result) where TStep : IRowStep
    {
        int n = x.Length, rows = result.Length, body = n - n % Vector512<double>.Count;
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double w0 = ref MemoryMarshal.GetReference(w);
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            ref double r0 = ref Unsafe.Add(ref w0, (nint)i * n);
            ref double r1 = ref Unsafe.Add(ref r0, n);
            ref double r2 = ref Unsafe.Add(ref r1, n);
            ref double r3 = ref Unsafe.Add(ref r2, n);
            Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int j = 0; j < body; j += Vector512<double>.Count)
            {
                var xv = Vector512.LoadUnsafe(ref x0, (nuint)j);
                s0 = TStep.Add(s0, Vector512.LoadUnsafe(ref r0, (nuint)j), xv);
                s1 = TStep.Add(s1, Vector512.LoadUnsafe(ref r1, (nuint)j), xv);
                s2 = TStep.Add(s2, Vector512.LoadUnsafe(ref r2, (nuint)j), xv);
                s3 = TStep.Add(s3, Vector512.LoadUnsafe(ref r3, (nuint)j), xv);
            }
            double t0 = Vector512.Sum(s0), t1 = Vector512.Sum(s1), t2 = Vector512.Sum(s2), t3 = Vector512.Sum(s3);
            for (int j = body; j < n; j++)
            {
                double xj = Unsafe.Add(ref x0, j);
                t0 = TStep.Add(t0, Unsafe.Add(ref r0, j), xj);
                t1 = TStep.Add(t1, Unsafe.Add(ref r1, j), xj);
                t2 = TStep.Add(t2, Unsafe.Add(ref r2, j), xj);
                t3 = TStep.Add(t3, Unsafe.Add(ref r3, j), xj);
            }
            result[i] = t0;
            result[i + 1] = t1;
            result[i + 2] = t2;
            result[i + 3] = t3;
        }
        for (; i < rows; i++)
        {
            ref double r = ref Unsafe.Add(ref w0, (nint)i * n);
            Vector512<double> s = default;
            for (int j = 0; j < body; j += Vector512<double>.Count)
                s = TStep.Add(s, Vector512.LoadUnsafe(ref r, (nuint)j), Vector512.LoadUnsafe(ref x0, (nuint)j));
            double t = Vector512.Sum(s);
            for (int j = body; j < n; j++) t = TStep.Add(t, Unsafe.Add(ref r, j), Unsafe.Add(ref x0, j));
            result[i] = t;
        }
    }

    /// <summary><c>a·b + c</c>, fused where the hardware has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c)
#if NET9_0_OR_GREATER
        => Vector512.FusedMultiplyAdd(a, b, c);
#else
        => Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : a * b + c;
#endif

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMatrixTooShort(int length, int rows, int columns) =>
        throw new ArgumentException($"The matrix has {length} entries, fewer than {rows} rows of {columns}.", "w");

    /// <summary>Σᵢ (a[i] − b[i])² over spans long enough for SIMD: two 512-bit sums in flight, a scalar tail.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double LongSqDist(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        b = b[..a.Length];
        int n = a.Length, step = Vector512<double>.Count;
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double b0 = ref MemoryMarshal.GetReference(b);
        Vector512<double> s0 = default, s1 = default;
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
        double s = Vector512.Sum(s0 + s1);
        for (; j < n; j++) s = SqDistStep.Add(s, Unsafe.Add(ref a0, j), Unsafe.Add(ref b0, j));
        return s;
    }

    /// <summary><c>dst[i] += s·(a[i] − b[i])</c> over spans long enough for SIMD.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LongAddScaledDifference(Span<double> dst, double s, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        a = a[..dst.Length];
        b = b[..dst.Length];
        int n = dst.Length, step = Vector512<double>.Count;
        ref double d0 = ref MemoryMarshal.GetReference(dst);
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double b0 = ref MemoryMarshal.GetReference(b);
        var scale = Vector512.Create(s);
        int j = 0;
        for (; j + step <= n; j += step)
        {
            var difference = Vector512.LoadUnsafe(ref a0, (nuint)j) - Vector512.LoadUnsafe(ref b0, (nuint)j);
            MultiplyAdd(scale, difference, Vector512.LoadUnsafe(ref d0, (nuint)j)).StoreUnsafe(ref d0, (nuint)j);
        }
        for (; j < n; j++) Unsafe.Add(ref d0, j) += s * (Unsafe.Add(ref a0, j) - Unsafe.Add(ref b0, j));
    }
}
