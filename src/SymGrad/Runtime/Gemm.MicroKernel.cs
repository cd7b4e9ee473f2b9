using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif

namespace SymGrad;

public static partial class Gemm
{
    /// <summary>The micro-kernel for this machine: 8×16 with Vector512 where it is accelerated, 4×12 with Vector256, else 4×4 scalar.</summary>
    internal static readonly MicroKernel Kernel =
        Vector512.IsHardwareAccelerated ? new Kernel512() : Vector256.IsHardwareAccelerated ? new Kernel256() : new ScalarKernel();

    /// <summary>
    /// Adds the product of a packed MR-row panel of A and a packed NR-column panel of B, both <c>depth</c> deep, into an
    /// MR × NR tile of C. The tile's accumulators live in registers for the whole depth: each step loads NR/W vectors of
    /// B, broadcasts MR entries of A, and issues MR·NR/W independent fused multiply–adds (W = doubles per vector).
    /// </summary>
    internal abstract class MicroKernel
    {
        /// <summary>MR, the rows of a tile.</summary>
        public abstract int Rows { get; }

        /// <summary>NR, the columns of a tile.</summary>
        public abstract int Columns { get; }

        /// <summary>
        /// C[i, j] += Σₚ A(i, p)·b[p·NR + j] for i &lt; <paramref name="rows"/>, j &lt; <paramref name="columns"/>, where A(i, p) is
        /// at <paramref name="a"/> + i·<paramref name="aRow"/> + p·<paramref name="aStep"/> (a packed panel: 1 and MR; a
        /// row-major matrix read in place: its row length and 1) and C's rows are <paramref name="ldc"/> apart; with
        /// <paramref name="transposed"/>, C[j, i] instead. A tile cut by C's edge, or written transposed, is computed whole
        /// into scratch, then its valid part added.
        /// </summary>
        public void Run(int depth, ref double a, int aRow, int aStep, ref double b, Span<double> c, int ldc, int rows, int columns, bool transposed = false)
        {
            if (rows == Rows && columns == Columns && !transposed)
            {
                Tile(depth, ref a, aRow, aStep, ref b, ref MemoryMarshal.GetReference(c), ldc);
                return;
            }
            Span<double> edge = stackalloc double[Rows * Columns];
            edge.Clear();
            Tile(depth, ref a, aRow, aStep, ref b, ref MemoryMarshal.GetReference(edge), Columns);
            if (transposed)
                for (int j = 0; j < columns; j++)
                    for (int i = 0; i < rows; i++) c[j * ldc + i] += edge[i * Columns + j];
            else
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < columns; j++) c[i * ldc + j] += edge[i * Columns + j];
        }

        /// <summary>The whole tile, added into C at <paramref name="c"/> with rows <paramref name="ldc"/> apart.</summary>
        protected abstract void Tile(int depth, ref double a, nint aRow, nint aStep, ref double b, ref double c, int ldc);
    }

    /// <summary>
    /// 8 × 16 with 512-bit vectors: 16 accumulators (two FMA pipes × a latency of 4 need 8 in flight), 2 loads of B and
    /// 8 broadcasts of A per step. 16 columns divide the dense layers' usual widths (128, 784 = 49·16), so few tiles are
    /// cut by an edge.
    /// </summary>
    private sealed class Kernel512 : MicroKernel
    {
        public override int Rows => 8;

        public override int Columns => 16;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void Tile(int depth, ref double a, nint aRow, nint aStep, ref double b, ref double c, int ldc)
        {
            Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
            Vector512<double> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
            nint r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow, r4 = 4 * aRow, r5 = 5 * aRow, r6 = 6 * aRow, r7 = 7 * aRow;
            for (int p = 0; p < depth; p++)
            {
                var b0 = Vector512.LoadUnsafe(ref b);
                var b1 = Vector512.LoadUnsafe(ref b, 8);
                var a0 = Vector512.Create(a);
                c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01);
                a0 = Vector512.Create(Unsafe.Add(ref a, r1));
                c10 = Fma(a0, b0, c10); c11 = Fma(a0, b1, c11);
                a0 = Vector512.Create(Unsafe.Add(ref a, r2));
                c20 = Fma(a0, b0, c20); c21 = Fma(a0, b1, c21);
                a0 = Vector512.Create(Unsafe.Add(ref a, r3));
                c30 = Fma(a0, b0, c30); c31 = Fma(a0, b1, c31);
                a0 = Vector512.Create(Unsafe.Add(ref a, r4));
                c40 = Fma(a0, b0, c40); c41 = Fma(a0, b1, c41);
                a0 = Vector512.Create(Unsafe.Add(ref a, r5));
                c50 = Fma(a0, b0, c50); c51 = Fma(a0, b1, c51);
                a0 = Vector512.Create(Unsafe.Add(ref a, r6));
                c60 = Fma(a0, b0, c60); c61 = Fma(a0, b1, c61);
                a0 = Vector512.Create(Unsafe.Add(ref a, r7));
                c70 = Fma(a0, b0, c70); c71 = Fma(a0, b1, c71);
                a = ref Unsafe.Add(ref a, aStep);
                b = ref Unsafe.Add(ref b, 16);
            }
            AddRow(ref c, c00, c01);
            AddRow(ref Unsafe.Add(ref c, ldc), c10, c11);
            AddRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21);
            AddRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31);
            AddRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41);
            AddRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51);
            AddRow(ref Unsafe.Add(ref c, 6 * ldc), c60, c61);
            AddRow(ref Unsafe.Add(ref c, 7 * ldc), c70, c71);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddRow(ref double c, Vector512<double> v0, Vector512<double> v1)
        {
            (Vector512.LoadUnsafe(ref c) + v0).StoreUnsafe(ref c);
            (Vector512.LoadUnsafe(ref c, 8) + v1).StoreUnsafe(ref c, 8);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) =>
#if NET9_0_OR_GREATER
            Vector512.FusedMultiplyAdd(a, b, c);
#else
            Avx512F.FusedMultiplyAdd(a, b, c);
#endif
    }

    /// <summary>4 × 12 with 256-bit vectors: 12 accumulators, 3 loads of B and 4 broadcasts per step (16 registers).</summary>
    private sealed class Kernel256 : MicroKernel
    {
        public override int Rows => 4;

        public override int Columns => 12;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void Tile(int depth, ref double a, nint aRow, nint aStep, ref double b, ref double c, int ldc)
        {
            Vector256<double> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
            Vector256<double> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
            for (int p = 0; p < depth; p++)
            {
                var b0 = Vector256.LoadUnsafe(ref b);
                var b1 = Vector256.LoadUnsafe(ref b, 4);
                var b2 = Vector256.LoadUnsafe(ref b, 8);
                var a0 = Vector256.Create(a);
                c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01); c02 = Fma(a0, b2, c02);
                a0 = Vector256.Create(Unsafe.Add(ref a, 1 * aRow));
                c10 = Fma(a0, b0, c10); c11 = Fma(a0, b1, c11); c12 = Fma(a0, b2, c12);
                a0 = Vector256.Create(Unsafe.Add(ref a, 2 * aRow));
                c20 = Fma(a0, b0, c20); c21 = Fma(a0, b1, c21); c22 = Fma(a0, b2, c22);
                a0 = Vector256.Create(Unsafe.Add(ref a, 3 * aRow));
                c30 = Fma(a0, b0, c30); c31 = Fma(a0, b1, c31); c32 = Fma(a0, b2, c32);
                a = ref Unsafe.Add(ref a, aStep);
                b = ref Unsafe.Add(ref b, 12);
            }
            AddRow(ref c, c00, c01, c02);
            AddRow(ref Unsafe.Add(ref c, ldc), c10, c11, c12);
            AddRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, c22);
            AddRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, c32);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddRow(ref double c, Vector256<double> v0, Vector256<double> v1, Vector256<double> v2)
        {
            (Vector256.LoadUnsafe(ref c) + v0).StoreUnsafe(ref c);
            (Vector256.LoadUnsafe(ref c, 4) + v1).StoreUnsafe(ref c, 4);
            (Vector256.LoadUnsafe(ref c, 8) + v2).StoreUnsafe(ref c, 8);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
#if NET9_0_OR_GREATER
            Vector256.FusedMultiplyAdd(a, b, c);
#else
            System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a, b, c) : a * b + c;
#endif
    }

    /// <summary>4 × 4 in scalar registers, for machines without accelerated 256-bit vectors (and as the tests' third path).</summary>
    internal sealed class ScalarKernel : MicroKernel
    {
        public override int Rows => 4;

        public override int Columns => 4;

        protected override void Tile(int depth, ref double a, nint aRow, nint aStep, ref double b, ref double c, int ldc)
        {
            Span<double> sum = stackalloc double[16];
            for (int p = 0; p < depth; p++)
            {
                for (int i = 0; i < 4; i++)
                {
                    double ai = Unsafe.Add(ref a, i * aRow);
                    for (int j = 0; j < 4; j++) sum[i * 4 + j] = Math.FusedMultiplyAdd(ai, Unsafe.Add(ref b, j), sum[i * 4 + j]);
                }
                a = ref Unsafe.Add(ref a, aStep);
                b = ref Unsafe.Add(ref b, 4);
            }
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) Unsafe.Add(ref c, i * ldc + j) += sum[i * 4 + j];
        }
    }

    /// <summary>The micro-kernels this machine can run, for tests that check each against a naive product.</summary>
    internal static IReadOnlyList<MicroKernel> Available { get; } =
        new MicroKernel[] { new ScalarKernel() }
            .Concat(Vector256.IsHardwareAccelerated ? new MicroKernel[] { new Kernel256() } : Array.Empty<MicroKernel>())
            .Concat(Vector512.IsHardwareAccelerated ? new MicroKernel[] { new Kernel512() } : Array.Empty<MicroKernel>())
            .ToArray();
}
