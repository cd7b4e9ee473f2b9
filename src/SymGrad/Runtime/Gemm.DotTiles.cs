using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymGrad;

public static partial class Gemm
{
    /// <summary>
    /// <c>C (+)= A·Bᵀ</c> in float32 for a small minibatch A (m ≤ <see cref="TransposedMaxRows"/> rows of X against a layer's
    /// W), vectorised along the depth k instead of along a side of C: a tile is 4 rows of A × 4 rows of B, both read in
    /// place, 16 accumulators each summing 16 lanes of k, and each step loads 8 vectors for 16 fused multiply–adds and
    /// broadcasts nothing. The packed path computes Cᵀ there and vectorises along the minibatch: 16 examples are one float
    /// vector against two double vectors, so its float32 tile (16 × 1 vector) broadcasts once per FMA where float64's
    /// (8 × 2) does half as often, and the mnist-shaped forward product at B = 16 took 19.5–20 µs against float64's 33–34
    /// (1.7×); this path takes 15–17 µs (docs/benchmarks.md, "float32 at small minibatches"). Read in place, it is as fast
    /// as that only while at most one of A and B starts off a 64-byte line: with both off (as <c>new float[]</c> may
    /// leave them) it measured 18–21 µs, the packed path's speed. float64 keeps the packed path and its results.
    /// </summary>
    internal static class DotTiles
    {
        /// <summary>
        /// The least depth that takes this path: the 16 accumulators' reduction is 45 shuffles and adds, about three steps'
        /// worth of instructions, so below four vectors of k it would weigh on the product (a guess, not measured).
        /// </summary>
        private const int MinDepth = 4 * 16;

        /// <summary>0, 1, …, 15 (<c>Vector512&lt;int&gt;.Indices</c> is .NET 9 on).</summary>
        private static readonly Vector512<int> s_lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

        /// <summary>Whether <see cref="MultiplyTransposed"/> computes this product: float32, AVX-512, few rows, deep enough.</summary>
        public static bool Applies<T>(int m, int k) => typeof(T) == typeof(float) && Avx512F.IsSupported && m <= TransposedMaxRows && k >= MinDepth;

        /// <summary>
        /// <c>C = A·Bᵀ</c> or <c>C += A·Bᵀ</c> (A m×k, B n×k, C m×n, row-major; k ≥ 16). A tile cut by C's edge repeats
        /// the last row of A or B in its missing rows and writes only its valid entries.
        /// </summary>
        public static void MultiplyTransposed(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate)
        {
            ref float a0 = ref MemoryMarshal.GetReference(a);
            ref float b0 = ref MemoryMarshal.GetReference(b);
            // The last, partial vector of k is the one ending at k, with its lanes before the previous step's end zeroed.
            var tail = Vector512.GreaterThanOrEqual(s_lanes, Vector512.Create(16 - k % 16)).AsSingle();
            Span<float> sums = stackalloc float[16];
            // B's 4 rows (12 KiB at k = 784) stay in L1 while every 4 rows of A pass.
            for (int j = 0; j < n; j += 4)
                for (int i = 0; i < m; i += 4)
                {
                    Tile(k, tail, ref a0, i, m, ref b0, j, n).CopyTo(sums);
                    for (int r = 0; r < 4 && i + r < m; r++)
                    {
                        var row = Vector128.Create<float>(sums.Slice(4 * r, 4));
                        ref float into = ref c[(i + r) * n + j];
                        if (j + 4 <= n)
                            (accumulate ? Vector128.LoadUnsafe(ref into) + row : row).StoreUnsafe(ref into);
                        else
                            for (int s = 0; s < n - j; s++) Unsafe.Add(ref into, s) = (accumulate ? Unsafe.Add(ref into, s) : 0f) + row.GetElement(s);
                    }
                }
        }

        /// <summary>The 4 × 4 dot products of rows i.. of A with rows j.. of B, row by row in one vector.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static Vector512<float> Tile(int k, Vector512<float> tail, ref float a, int i, int m, ref float b, int j, int n)
        {
            ref float a0 = ref Unsafe.Add(ref a, (nint)i * k);
            ref float a1 = ref Unsafe.Add(ref a, (nint)Math.Min(i + 1, m - 1) * k);
            ref float a2 = ref Unsafe.Add(ref a, (nint)Math.Min(i + 2, m - 1) * k);
            ref float a3 = ref Unsafe.Add(ref a, (nint)Math.Min(i + 3, m - 1) * k);
            ref float b0 = ref Unsafe.Add(ref b, (nint)j * k);
            ref float b1 = ref Unsafe.Add(ref b, (nint)Math.Min(j + 1, n - 1) * k);
            ref float b2 = ref Unsafe.Add(ref b, (nint)Math.Min(j + 2, n - 1) * k);
            ref float b3 = ref Unsafe.Add(ref b, (nint)Math.Min(j + 3, n - 1) * k);
            Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
            Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
            var mask = Vector512<float>.AllBitsSet;
            for (int p = 0; p < k; p += 16)
            {
                nuint at = (nuint)p;
                if (p + 16 > k) (at, mask) = ((nuint)(k - 16), tail);
                var y0 = Vector512.LoadUnsafe(ref b0, at) & mask;
                var y1 = Vector512.LoadUnsafe(ref b1, at) & mask;
                var y2 = Vector512.LoadUnsafe(ref b2, at) & mask;
                var y3 = Vector512.LoadUnsafe(ref b3, at) & mask;
                var x = Vector512.LoadUnsafe(ref a0, at) & mask;
                c00 = Avx512F.FusedMultiplyAdd(x, y0, c00); c01 = Avx512F.FusedMultiplyAdd(x, y1, c01); c02 = Avx512F.FusedMultiplyAdd(x, y2, c02); c03 = Avx512F.FusedMultiplyAdd(x, y3, c03);
                x = Vector512.LoadUnsafe(ref a1, at) & mask;
                c10 = Avx512F.FusedMultiplyAdd(x, y0, c10); c11 = Avx512F.FusedMultiplyAdd(x, y1, c11); c12 = Avx512F.FusedMultiplyAdd(x, y2, c12); c13 = Avx512F.FusedMultiplyAdd(x, y3, c13);
                x = Vector512.LoadUnsafe(ref a2, at) & mask;
                c20 = Avx512F.FusedMultiplyAdd(x, y0, c20); c21 = Avx512F.FusedMultiplyAdd(x, y1, c21); c22 = Avx512F.FusedMultiplyAdd(x, y2, c22); c23 = Avx512F.FusedMultiplyAdd(x, y3, c23);
                x = Vector512.LoadUnsafe(ref a3, at) & mask;
                c30 = Avx512F.FusedMultiplyAdd(x, y0, c30); c31 = Avx512F.FusedMultiplyAdd(x, y1, c31); c32 = Avx512F.FusedMultiplyAdd(x, y2, c32); c33 = Avx512F.FusedMultiplyAdd(x, y3, c33);
            }
            // Sums all 16 accumulators at once, halving the lanes per accumulator each round (45 shuffles and adds, where 16
            // separate horizontal sums took 20 % longer in all): lane 4r + s of the result is the dot product (r, s).
            return Blocks(
                Blocks(Quarters(Pairs(c00, c01), Pairs(c02, c03)), Quarters(Pairs(c10, c11), Pairs(c12, c13))),
                Blocks(Quarters(Pairs(c20, c21), Pairs(c22, c23)), Quarters(Pairs(c30, c31), Pairs(c32, c33))));
        }

        /// <summary>In each 128-bit block, x's two partial sums in lanes 0 and 2 and y's in 1 and 3.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Pairs(Vector512<float> x, Vector512<float> y) => Avx512F.UnpackLow(x, y) + Avx512F.UnpackHigh(x, y);

        /// <summary>From two <see cref="Pairs"/> of (p, q) and (r, s): in each 128-bit block, one partial sum of each of p, q, r, s.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Quarters(Vector512<float> x, Vector512<float> y) =>
            Avx512F.UnpackLow(x.AsDouble(), y.AsDouble()).AsSingle() + Avx512F.UnpackHigh(x.AsDouble(), y.AsDouble()).AsSingle();

        /// <summary>Adds block 1 to 0 and 3 to 2 of x and of y, into blocks (x₀, x₂, y₀, y₂) of the result.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Blocks(Vector512<float> x, Vector512<float> y) => Avx512F.Shuffle4x128(x, y, 0b10_00_10_00) + Avx512F.Shuffle4x128(x, y, 0b11_01_11_01);
    }
}
