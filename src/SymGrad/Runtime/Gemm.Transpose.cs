using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymGrad;

public static partial class Gemm
{
    /// <summary>
    /// Packs a panel of op(B) whose columns are B's rows (a transposed operand: the minibatch Xᵀ of the forward product
    /// W·Xᵀ, or Wᵀ) by whole W × W blocks transposed in registers, W the entries of a 512-bit vector: W row loads, log₂W
    /// rounds of W two-source permutes, W stores. Copied one entry at a time, this pack took 28 µs of the 161-µs mnist-shaped
    /// forward product at B = 64 in float64, and 22 of 99 µs in float32, where it is as many entries for half the time
    /// (docs/benchmarks.md, "Where a minibatch gradient's time goes"). Returns false, packing nothing, where it does not
    /// apply (no AVX-512, another element type, a panel not a whole number of vectors wide); the caller then copies entry by entry.
    /// </summary>
    /// <param name="source">Entry (p, j) of the panel is at source[j·<paramref name="columnStride"/> + p].</param>
    /// <param name="columnStride">The distance between B's rows, the panel's columns.</param>
    /// <param name="depth">The panel's rows p.</param>
    /// <param name="width">The panel's columns j, NR.</param>
    /// <param name="target">Entry (p, j) goes to target[p·<paramref name="width"/> + j].</param>
    private static bool TryPackTransposed<T>(ref T source, nint columnStride, int depth, int width, ref T target) where T : unmanaged
    {
        int w = Vector512<T>.Count;
        if (!Avx512F.IsSupported || (typeof(T) != typeof(double) && typeof(T) != typeof(float)) || width % w != 0) return false;
        int whole = depth / w * w;
        for (int j0 = 0; j0 < width; j0 += w)
        {
            ref T from = ref Unsafe.Add(ref source, j0 * columnStride);
            ref T into = ref Unsafe.Add(ref target, j0);
            for (int p0 = 0; p0 < whole; p0 += w)
            {
                if (typeof(T) == typeof(double))
                    Transpose8(ref Unsafe.As<T, double>(ref Unsafe.Add(ref from, p0)), columnStride, ref Unsafe.As<T, double>(ref Unsafe.Add(ref into, (nint)p0 * width)), width);
                else
                    Transpose16(ref Unsafe.As<T, float>(ref Unsafe.Add(ref from, p0)), columnStride, ref Unsafe.As<T, float>(ref Unsafe.Add(ref into, (nint)p0 * width)), width);
            }
            for (int p = whole; p < depth; p++)
                for (int j = 0; j < w; j++) Unsafe.Add(ref into, (nint)p * width + j) = Unsafe.Add(ref from, j * columnStride + p);
        }
        return true;
    }

    // The transposes are butterflies: in the round of chunk size s = 1, 2, 4, …, each pair of rows (i, i + s) with i & s = 0
    // becomes the interleave of their chunks of s entries, first halves into i, second halves into i + s. After log₂W
    // rounds row i holds column bitreverse(i), which is where each column is stored from. Written out in full so that the
    // rows stay in registers.

    /// <summary>One 8 × 8 block: rows j of <paramref name="from"/> (<paramref name="stride"/> apart), columns p of <paramref name="into"/> (<paramref name="width"/> apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(ref double from, nint stride, ref double into, nint width)
    {
        var r0 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 0 * stride));
        var r1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 1 * stride));
        var r2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 2 * stride));
        var r3 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 3 * stride));
        var r4 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 4 * stride));
        var r5 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 5 * stride));
        var r6 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 6 * stride));
        var r7 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 7 * stride));
        // chunks of 1
        var (lo, hi) = (Indices8[0], Indices8[1]);
        Interleave(ref r0, ref r1, lo, hi);
        Interleave(ref r2, ref r3, lo, hi);
        Interleave(ref r4, ref r5, lo, hi);
        Interleave(ref r6, ref r7, lo, hi);
        // chunks of 2
        (lo, hi) = (Indices8[2], Indices8[3]);
        Interleave(ref r0, ref r2, lo, hi);
        Interleave(ref r1, ref r3, lo, hi);
        Interleave(ref r4, ref r6, lo, hi);
        Interleave(ref r5, ref r7, lo, hi);
        // chunks of 4
        (lo, hi) = (Indices8[4], Indices8[5]);
        Interleave(ref r0, ref r4, lo, hi);
        Interleave(ref r1, ref r5, lo, hi);
        Interleave(ref r2, ref r6, lo, hi);
        Interleave(ref r3, ref r7, lo, hi);
        r0.StoreUnsafe(ref Unsafe.Add(ref into, 0 * width));
        r4.StoreUnsafe(ref Unsafe.Add(ref into, 1 * width));
        r2.StoreUnsafe(ref Unsafe.Add(ref into, 2 * width));
        r6.StoreUnsafe(ref Unsafe.Add(ref into, 3 * width));
        r1.StoreUnsafe(ref Unsafe.Add(ref into, 4 * width));
        r5.StoreUnsafe(ref Unsafe.Add(ref into, 5 * width));
        r3.StoreUnsafe(ref Unsafe.Add(ref into, 6 * width));
        r7.StoreUnsafe(ref Unsafe.Add(ref into, 7 * width));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(ref Vector512<double> x, ref Vector512<double> y, Vector512<long> lo, Vector512<long> hi)
    {
        var first = Avx512F.PermuteVar8x64x2(x, lo, y);
        y = Avx512F.PermuteVar8x64x2(x, hi, y);
        x = first;
    }

    /// <summary>One 16 × 16 block: rows j of <paramref name="from"/> (<paramref name="stride"/> apart), columns p of <paramref name="into"/> (<paramref name="width"/> apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16(ref float from, nint stride, ref float into, nint width)
    {
        var r0 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 0 * stride));
        var r1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 1 * stride));
        var r2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 2 * stride));
        var r3 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 3 * stride));
        var r4 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 4 * stride));
        var r5 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 5 * stride));
        var r6 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 6 * stride));
        var r7 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 7 * stride));
        var r8 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 8 * stride));
        var r9 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 9 * stride));
        var r10 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 10 * stride));
        var r11 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 11 * stride));
        var r12 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 12 * stride));
        var r13 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 13 * stride));
        var r14 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 14 * stride));
        var r15 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 15 * stride));
        // chunks of 1
        var (lo, hi) = (Indices16[0], Indices16[1]);
        Interleave(ref r0, ref r1, lo, hi);
        Interleave(ref r2, ref r3, lo, hi);
        Interleave(ref r4, ref r5, lo, hi);
        Interleave(ref r6, ref r7, lo, hi);
        Interleave(ref r8, ref r9, lo, hi);
        Interleave(ref r10, ref r11, lo, hi);
        Interleave(ref r12, ref r13, lo, hi);
        Interleave(ref r14, ref r15, lo, hi);
        // chunks of 2
        (lo, hi) = (Indices16[2], Indices16[3]);
        Interleave(ref r0, ref r2, lo, hi);
        Interleave(ref r1, ref r3, lo, hi);
        Interleave(ref r4, ref r6, lo, hi);
        Interleave(ref r5, ref r7, lo, hi);
        Interleave(ref r8, ref r10, lo, hi);
        Interleave(ref r9, ref r11, lo, hi);
        Interleave(ref r12, ref r14, lo, hi);
        Interleave(ref r13, ref r15, lo, hi);
        // chunks of 4
        (lo, hi) = (Indices16[4], Indices16[5]);
        Interleave(ref r0, ref r4, lo, hi);
        Interleave(ref r1, ref r5, lo, hi);
        Interleave(ref r2, ref r6, lo, hi);
        Interleave(ref r3, ref r7, lo, hi);
        Interleave(ref r8, ref r12, lo, hi);
        Interleave(ref r9, ref r13, lo, hi);
        Interleave(ref r10, ref r14, lo, hi);
        Interleave(ref r11, ref r15, lo, hi);
        // chunks of 8
        (lo, hi) = (Indices16[6], Indices16[7]);
        Interleave(ref r0, ref r8, lo, hi);
        Interleave(ref r1, ref r9, lo, hi);
        Interleave(ref r2, ref r10, lo, hi);
        Interleave(ref r3, ref r11, lo, hi);
        Interleave(ref r4, ref r12, lo, hi);
        Interleave(ref r5, ref r13, lo, hi);
        Interleave(ref r6, ref r14, lo, hi);
        Interleave(ref r7, ref r15, lo, hi);
        r0.StoreUnsafe(ref Unsafe.Add(ref into, 0 * width));
        r8.StoreUnsafe(ref Unsafe.Add(ref into, 1 * width));
        r4.StoreUnsafe(ref Unsafe.Add(ref into, 2 * width));
        r12.StoreUnsafe(ref Unsafe.Add(ref into, 3 * width));
        r2.StoreUnsafe(ref Unsafe.Add(ref into, 4 * width));
        r10.StoreUnsafe(ref Unsafe.Add(ref into, 5 * width));
        r6.StoreUnsafe(ref Unsafe.Add(ref into, 6 * width));
        r14.StoreUnsafe(ref Unsafe.Add(ref into, 7 * width));
        r1.StoreUnsafe(ref Unsafe.Add(ref into, 8 * width));
        r9.StoreUnsafe(ref Unsafe.Add(ref into, 9 * width));
        r5.StoreUnsafe(ref Unsafe.Add(ref into, 10 * width));
        r13.StoreUnsafe(ref Unsafe.Add(ref into, 11 * width));
        r3.StoreUnsafe(ref Unsafe.Add(ref into, 12 * width));
        r11.StoreUnsafe(ref Unsafe.Add(ref into, 13 * width));
        r7.StoreUnsafe(ref Unsafe.Add(ref into, 14 * width));
        r15.StoreUnsafe(ref Unsafe.Add(ref into, 15 * width));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(ref Vector512<float> x, ref Vector512<float> y, Vector512<int> lo, Vector512<int> hi)
    {
        var first = Avx512F.PermuteVar16x32x2(x, lo, y);
        y = Avx512F.PermuteVar16x32x2(x, hi, y);
        x = first;
    }

    /// <summary>The permute indices of <see cref="Interleave(ref Vector512{double}, ref Vector512{double}, Vector512{long}, Vector512{long})"/>: per chunk size s = 1, 2, 4, the first halves' and the second halves'.</summary>
    private static readonly Vector512<long>[] Indices8 = InterleaveIndices(8, n => Vector512.Create(Array.ConvertAll(n, i => (long)i)));

    /// <summary>The same for 16 floats, s = 1, 2, 4, 8.</summary>
    private static readonly Vector512<int>[] Indices16 = InterleaveIndices(16, n => Vector512.Create(n));

    /// <summary>Entry t of a two-source permute takes x's entry i (i &lt; W) or y's entry i − W: chunks of s alternating, x's first.</summary>
    private static TVector[] InterleaveIndices<TVector>(int w, Func<int[], TVector> create)
    {
        var result = new List<TVector>();
        for (int s = 1; s < w; s *= 2)
            foreach (bool upper in new[] { false, true })
            {
                var indices = new int[w];
                for (int t = 0; t < w; t++)
                {
                    int chunk = t / (2 * s) + (upper ? w / (2 * s) : 0), within = t % (2 * s);
                    indices[t] = within < s ? chunk * s + within : w + chunk * s + within - s;
                }
                result.Add(create(indices));
            }
        return [.. result];
    }
}
