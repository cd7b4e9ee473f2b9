using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

public static partial class Gemm
{
    /// <summary>
    /// Adds the product of a packed MR-row panel of A and a packed NR-column panel of B, both <c>depth</c> deep, into an
    /// MR × NR tile of C. The tile's accumulators live in registers for the whole depth: each step loads NR/W vectors of
    /// B, broadcasts MR entries of A, and issues MR·NR/W independent fused multiply–adds (W = entries per vector: 8 doubles
    /// or 16 floats in 512 bits, so a float tile is twice as wide with the same registers).
    /// </summary>
    internal abstract class MicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>The micro-kernel for this machine: 8 rows × 2 Vector512 where it is accelerated, 4 × 3 Vector256, else 4×4 scalar.</summary>
        public static readonly MicroKernel<T> Best =
            Vector512.IsHardwareAccelerated ? new Kernel512<T>() : Vector256.IsHardwareAccelerated ? new Kernel256<T>() : new ScalarKernel<T>();

        /// <summary>16 rows × 1 Vector512, for products at most one vector wide, where <see cref="Best"/>'s tile would be half padding.</summary>
        private static readonly MicroKernel<T>? s_narrow = Vector512.IsHardwareAccelerated ? new Kernel512Tall<T>() : null;

        /// <summary>
        /// The micro-kernel for a product <paramref name="columns"/> wide: <see cref="Best"/>, or the one-vector-wide tile when
        /// the product is no wider than one vector (a float32 minibatch of 16 against a layer, computed transposed: 16 floats
        /// fill one Vector512, while Best's 32-wide tile would compute 16 columns of zeros).
        /// </summary>
        public static MicroKernel<T> For(int columns) => s_narrow is not null && columns <= s_narrow.Columns ? s_narrow : Best;

        /// <summary>The micro-kernels this machine can run, for tests that check each against a naive product.</summary>
        public static IReadOnlyList<MicroKernel<T>> Available { get; } =
            new MicroKernel<T>[] { new ScalarKernel<T>() }
                .Concat(Vector256.IsHardwareAccelerated ? new MicroKernel<T>[] { new Kernel256<T>() } : Array.Empty<MicroKernel<T>>())
                .Concat(Vector512.IsHardwareAccelerated ? new MicroKernel<T>[] { new Kernel512<T>(), new Kernel512Tall<T>() } : Array.Empty<MicroKernel<T>>())
                .ToArray();

        /// <summary>MR, the rows of a tile.</summary>
        public abstract int Rows { get; }

        /// <summary>NR, the columns of a tile.</summary>
        public abstract int Columns { get; }

        /// <summary>
        /// C[i, j] += Σₚ A(i, p)·b[p·<paramref name="bStep"/> + j] for i &lt; <paramref name="rows"/>, j &lt; <paramref name="columns"/>,
        /// where A(i, p) is at <paramref name="a"/> + i·<paramref name="aRow"/> + p·<paramref name="aStep"/> (a packed panel: 1 and
        /// MR; a row-major matrix read in place: its row length and 1), B's rows of NR entries are <paramref name="bStep"/> apart
        /// (a packed panel: NR; a row-major matrix read in place: its row length) and C's rows are <paramref name="ldc"/> apart; with
        /// <paramref name="transposed"/>, C[j, i] instead. A tile cut by C's edge, or written transposed, is computed whole
        /// into scratch, then its valid part added.
        /// </summary>
        public void Run(int depth, ref T a, int aRow, int aStep, ref T b, int bStep, Span<T> c, int ldc, int rows, int columns, bool transposed = false)
        {
            if (rows == Rows && columns == Columns && !transposed)
            {
                Tile(depth, ref a, aRow, aStep, ref b, bStep, ref MemoryMarshal.GetReference(c), ldc);
                return;
            }
            if (rows == Rows && columns == Vector512<T>.Count && !transposed && TileOneVector(depth, ref a, aRow, aStep, ref b, bStep, ref MemoryMarshal.GetReference(c), ldc))
                return;
            Span<T> edge = stackalloc T[Rows * Columns];
            edge.Clear();
            Tile(depth, ref a, aRow, aStep, ref b, bStep, ref MemoryMarshal.GetReference(edge), Columns);
            if (transposed)
                for (int j = 0; j < columns; j++)
                    for (int i = 0; i < rows; i++) c[j * ldc + i] += edge[i * Columns + j];
            else
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < columns; j++) c[i * ldc + j] += edge[i * Columns + j];
        }

        /// <summary>The whole tile, added into C at <paramref name="c"/> with rows <paramref name="ldc"/> apart.</summary>
        protected abstract void Tile(int depth, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, int ldc);

        /// <summary>
        /// The tile's first 512-bit vector of columns only, added into C like <see cref="Tile"/>, for a last panel one vector
        /// wide (784 = 24·32 + 16 floats in the mnist-shaped weight gradient); false where the kernel has no such tile.
        /// </summary>
        protected virtual bool TileOneVector(int depth, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, int ldc) => false;
    }

    /// <summary>C's row segment at <paramref name="c"/> += <paramref name="v"/>, for the one-vector-wide tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<T>(ref T c, Vector512<T> v) => (Vector512.LoadUnsafe(ref c) + v).StoreUnsafe(ref c);

    /// <summary>
    /// 8 rows × 2 vectors of 512 bits (8 × 16 doubles, 8 × 32 floats): 16 accumulators (two FMA pipes × a latency of 4
    /// need 8 in flight), 2 loads of B and 8 broadcasts of A per step. 16 columns divide the dense layers' usual widths
    /// (128, 784 = 49·16), so few double tiles are cut by an edge.
    /// </summary>
    internal sealed class Kernel512<T> : MicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static int W => Vector512<T>.Count;

        public override int Rows => 8;

        public override int Columns => 2 * W;

        protected override void Tile(int depth, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, int ldc)
        {
            var add = default(AddRows);
            Tile(depth, ref a, aRow, aStep, ref b, bStep, ref c, ldc, ref add);
        }

        /// <summary>The whole tile, each of its rows handed to <paramref name="rows"/> from the registers (added into C, or a step's epilogue).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Tile<TRows>(int depth, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, int ldc, ref TRows rows) where TRows : struct, ITileRows<T>
        {
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
            Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
            nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow, r4 = 4 * aRow, r5 = 5 * aRow, r6 = 6 * aRow, r7 = 7 * aRow;
            for (int p = 0; p < depth; p++)
            {
                var b0 = Vector512.LoadUnsafe(ref b);
                var b1 = Vector512.LoadUnsafe(ref b, (nuint)W);
                var a0 = Vector512.Create(a);
                c00 = Simd.MultiplyAdd(a0, b0, c00); c01 = Simd.MultiplyAdd(a0, b1, c01);
                a0 = Vector512.Create(Unsafe.Add(ref a, r1));
                c10 = Simd.MultiplyAdd(a0, b0, c10); c11 = Simd.MultiplyAdd(a0, b1, c11);
                a0 = Vector512.Create(Unsafe.Add(ref a, r2));
                c20 = Simd.MultiplyAdd(a0, b0, c20); c21 = Simd.MultiplyAdd(a0, b1, c21);
                a0 = Vector512.Create(Unsafe.Add(ref a, r3));
                c30 = Simd.MultiplyAdd(a0, b0, c30); c31 = Simd.MultiplyAdd(a0, b1, c31);
                a0 = Vector512.Create(Unsafe.Add(ref a, r4));
                c40 = Simd.MultiplyAdd(a0, b0, c40); c41 = Simd.MultiplyAdd(a0, b1, c41);
                a0 = Vector512.Create(Unsafe.Add(ref a, r5));
                c50 = Simd.MultiplyAdd(a0, b0, c50); c51 = Simd.MultiplyAdd(a0, b1, c51);
                a0 = Vector512.Create(Unsafe.Add(ref a, r6));
                c60 = Simd.MultiplyAdd(a0, b0, c60); c61 = Simd.MultiplyAdd(a0, b1, c61);
                a0 = Vector512.Create(Unsafe.Add(ref a, r7));
                c70 = Simd.MultiplyAdd(a0, b0, c70); c71 = Simd.MultiplyAdd(a0, b1, c71);
                a = ref Unsafe.Add(ref a, aStep);
                b = ref Unsafe.Add(ref b, bStep);
            }
            var sink = rows; // a local copy the JIT can keep in registers across the eight rows
            sink.Row(ref c, c00, c01);
            sink.Row(ref Unsafe.Add(ref c, ldc), c10, c11);
            sink.Row(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
            sink.Row(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
            sink.Row(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
            sink.Row(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
            sink.Row(ref Unsafe.Add(ref c, 6 * ldc), c60, c61);
            sink.Row(ref Unsafe.Add(ref c, 7 * ldc), c70, c71);
            rows = sink;
        }

        /// <summary>8 rows × 1 vector, 8 accumulators: the tall kernel's tile with half its rows, for Kernel512's row panels.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override bool TileOneVector(int depth, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, int ldc)
        {
            Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
            for (int p = 0; p < depth; p++)
            {
                var b0 = Vector512.LoadUnsafe(ref b);
                c0 = Simd.MultiplyAdd(Vector512.Create(a), b0, c0);
                c1 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, aRow)), b0, c1);
                c2 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 2 * aRow)), b0, c2);
                c3 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 3 * aRow)), b0, c3);
                c4 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 4 * aRow)), b0, c4);
                c5 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 5 * aRow)), b0, c5);
                c6 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 6 * aRow)), b0, c6);
                c7 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 7 * aRow)), b0, c7);
                a = ref Unsafe.Add(ref a, aStep);
                b = ref Unsafe.Add(ref b, bStep);
            }
            Add(ref c, c0);
            Add(ref Unsafe.Add(ref c, ldc), c1);
            Add(ref Unsafe.Add(ref c, 2 * ldc), c2);
            Add(ref Unsafe.Add(ref c, 3 * ldc), c3);
            Add(ref Unsafe.Add(ref c, 4 * ldc), c4);
            Add(ref Unsafe.Add(ref c, 5 * ldc), c5);
            Add(ref Unsafe.Add(ref c, 6 * ldc), c6);
            Add(ref Unsafe.Add(ref c, 7 * ldc), c7);
            return true;
        }

        /// <summary>A tile row added into C.</summary>
        private struct AddRows : ITileRows<T>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public readonly void Row(ref T c, Vector512<T> v0, Vector512<T> v1)
            {
                (Vector512.LoadUnsafe(ref c) + v0).StoreUnsafe(ref c);
                (Vector512.LoadUnsafe(ref c, (nuint)W) + v1).StoreUnsafe(ref c, (nuint)W);
            }
        }
    }

    /// <summary>What <see cref="Kernel512{T}"/> does with a finished row of its tile, its two vectors still in registers.</summary>
    internal interface ITileRows<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Takes the row whose first entry is at <paramref name="c"/>: entries 0 … W−1 in <paramref name="v0"/>, W … 2W−1 in <paramref name="v1"/>.</summary>
        void Row(ref T c, Vector512<T> v0, Vector512<T> v1);
    }

    /// <summary>
    /// 16 rows × 1 vector of 512 bits (16 × 8 doubles, 16 × 16 floats), for products one vector wide: 16 accumulators, 1 load
    /// of B and 16 broadcasts of A per step. Twice the rows of the 8 × 1 tile it replaced: twice the independent FMA chains
    /// per load of B, which made the float32 forward product at B = 16 5–8 % faster (docs/benchmarks.md).
    /// </summary>
    private sealed class Kernel512Tall<T> : MicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override int Rows => 16;

        public override int Columns => Vector512<T>.Count;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void Tile(int depth, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, int ldc)
        {
            Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
            for (int p = 0; p < depth; p++)
            {
                var b0 = Vector512.LoadUnsafe(ref b);
                c0 = Simd.MultiplyAdd(Vector512.Create(a), b0, c0);
                c1 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 1 * aRow)), b0, c1);
                c2 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 2 * aRow)), b0, c2);
                c3 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 3 * aRow)), b0, c3);
                c4 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 4 * aRow)), b0, c4);
                c5 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 5 * aRow)), b0, c5);
                c6 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 6 * aRow)), b0, c6);
                c7 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 7 * aRow)), b0, c7);
                c8 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 8 * aRow)), b0, c8);
                c9 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 9 * aRow)), b0, c9);
                c10 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 10 * aRow)), b0, c10);
                c11 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 11 * aRow)), b0, c11);
                c12 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 12 * aRow)), b0, c12);
                c13 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 13 * aRow)), b0, c13);
                c14 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 14 * aRow)), b0, c14);
                c15 = Simd.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 15 * aRow)), b0, c15);
                a = ref Unsafe.Add(ref a, aStep);
                b = ref Unsafe.Add(ref b, bStep);
            }
            Add(ref c, c0);
            Add(ref Unsafe.Add(ref c, 1 * ldc), c1);
            Add(ref Unsafe.Add(ref c, 2 * ldc), c2);
            Add(ref Unsafe.Add(ref c, 3 * ldc), c3);
            Add(ref Unsafe.Add(ref c, 4 * ldc), c4);
            Add(ref Unsafe.Add(ref c, 5 * ldc), c5);
            Add(ref Unsafe.Add(ref c, 6 * ldc), c6);
            Add(ref Unsafe.Add(ref c, 7 * ldc), c7);
            Add(ref Unsafe.Add(ref c, 8 * ldc), c8);
            Add(ref Unsafe.Add(ref c, 9 * ldc), c9);
            Add(ref Unsafe.Add(ref c, 10 * ldc), c10);
            Add(ref Unsafe.Add(ref c, 11 * ldc), c11);
            Add(ref Unsafe.Add(ref c, 12 * ldc), c12);
            Add(ref Unsafe.Add(ref c, 13 * ldc), c13);
            Add(ref Unsafe.Add(ref c, 14 * ldc), c14);
            Add(ref Unsafe.Add(ref c, 15 * ldc), c15);
        }

    }

    /// <summary>4 rows × 3 vectors of 256 bits (4 × 12 doubles, 4 × 24 floats): 12 accumulators, 3 loads of B and 4 broadcasts per step (16 registers).</summary>
    private sealed class Kernel256<T> : MicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static int W => Vector256<T>.Count;

        public override int Rows => 4;

        public override int Columns => 3 * W;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void Tile(int depth, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, int ldc)
        {
            Vector256<T> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
            Vector256<T> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
            for (int p = 0; p < depth; p++)
            {
                var b0 = Vector256.LoadUnsafe(ref b);
                var b1 = Vector256.LoadUnsafe(ref b, (nuint)W);
                var b2 = Vector256.LoadUnsafe(ref b, (nuint)(2 * W));
                var a0 = Vector256.Create(a);
                c00 = Simd.MultiplyAdd(a0, b0, c00); c01 = Simd.MultiplyAdd(a0, b1, c01); c02 = Simd.MultiplyAdd(a0, b2, c02);
                a0 = Vector256.Create(Unsafe.Add(ref a, 1 * aRow));
                c10 = Simd.MultiplyAdd(a0, b0, c10); c11 = Simd.MultiplyAdd(a0, b1, c11); c12 = Simd.MultiplyAdd(a0, b2, c12);
                a0 = Vector256.Create(Unsafe.Add(ref a, 2 * aRow));
                c20 = Simd.MultiplyAdd(a0, b0, c20); c21 = Simd.MultiplyAdd(a0, b1, c21); c22 = Simd.MultiplyAdd(a0, b2, c22);
                a0 = Vector256.Create(Unsafe.Add(ref a, 3 * aRow));
                c30 = Simd.MultiplyAdd(a0, b0, c30); c31 = Simd.MultiplyAdd(a0, b1, c31); c32 = Simd.MultiplyAdd(a0, b2, c32);
                a = ref Unsafe.Add(ref a, aStep);
                b = ref Unsafe.Add(ref b, bStep);
            }
            AddRow(ref c, c00, c01, c02);
            AddRow(ref Unsafe.Add(ref c, ldc), c10, c11, c12);
            AddRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, c22);
            AddRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, c32);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddRow(ref T c, Vector256<T> v0, Vector256<T> v1, Vector256<T> v2)
        {
            (Vector256.LoadUnsafe(ref c) + v0).StoreUnsafe(ref c);
            (Vector256.LoadUnsafe(ref c, (nuint)W) + v1).StoreUnsafe(ref c, (nuint)W);
            (Vector256.LoadUnsafe(ref c, (nuint)(2 * W)) + v2).StoreUnsafe(ref c, (nuint)(2 * W));
        }
    }

    /// <summary>4 × 4 in scalar registers, for machines without accelerated 256-bit vectors (and as the tests' third path).</summary>
    private sealed class ScalarKernel<T> : MicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override int Rows => 4;

        public override int Columns => 4;

        protected override void Tile(int depth, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, int ldc)
        {
            Span<T> sum = stackalloc T[16];
            sum.Clear();
            for (int p = 0; p < depth; p++)
            {
                for (int i = 0; i < 4; i++)
                {
                    T ai = Unsafe.Add(ref a, i * aRow);
                    for (int j = 0; j < 4; j++) sum[i * 4 + j] = T.FusedMultiplyAdd(ai, Unsafe.Add(ref b, j), sum[i * 4 + j]);
                }
                a = ref Unsafe.Add(ref a, aStep);
                b = ref Unsafe.Add(ref b, bStep);
            }
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) Unsafe.Add(ref c, i * ldc + j) += sum[i * 4 + j];
        }
    }
}
