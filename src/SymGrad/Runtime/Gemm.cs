using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymGrad;

/// <summary>
/// Dense row-major matrix–matrix products for generated minibatch code: the three a dense layer needs,
/// <c>C (+)= A·Bᵀ</c> (the forward pass X·Wᵀ), <c>C += Aᵀ·B</c> (the weight gradient W̄ += T̄ᵀX) and
/// <c>C (+)= A·B</c> (the input's adjoint X̄ = T̄·W). Not meant to be called by user code.
/// </summary>
/// <remarks>
/// Cache-blocked in the usual way: a KC-deep slice of B is copied ("packed") into NR-wide column panels that stay in
/// L2/L3, a block of MC rows of A into MR-high row panels that stay in L1/L2, and a register-resident MR × NR
/// micro-kernel (<see cref="MicroKernel{T}"/>) runs over them with fused multiply–adds. Packing is where the transposes
/// go: an operand whose panels are not contiguous rows is read through its strides while packing, while a unit-stride
/// one is read in place by whole panels, and every case runs the same micro-kernel (float32's small minibatches take the
/// dot tiles of <c>Gemm.DotTiles.cs</c> instead). The pack buffers belong to the calling thread and are reused, so a call
/// allocates nothing after the first of its size.
/// One generic implementation serves float64 and float32: the blocking is in elements, the micro-kernel's tile is
/// as many vectors wide for either type (8 × 16 doubles or 8 × 32 floats with AVX-512).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Gemm
{
    // Blocking, in elements (the byte sizes are for double; a float B panel is as many bytes, its A panel half): a B panel
    // (KC·NR doubles, 32 KiB) and an A panel (MR·KC, 16 KiB) fit L1 together (48 KiB on Zen 5);
    // A's block (MC·KC, 256 KiB) fits L2; B's (KC·NC) fits L3. The depth k is cut into equal blocks of at most KC, so
    // that no block is a short remainder. Not tuned beyond the mnist-shaped workload (docs/benchmarks.md).
    internal const int KC = 256;
    internal const int MC = 128;
    internal const int NC = 3072;

    /// <summary>The most rows of A for which <see cref="MultiplyTransposed{T}"/> computes the transposed product.</summary>
    internal const int TransposedMaxRows = 32;

    /// <summary>The calling thread's pack buffers for one element type.</summary>
    private static class Packs<T>
    {
        [ThreadStatic] public static T[]? A;
        [ThreadStatic] public static T[]? B;
        [ThreadStatic] public static int AOffset;
        [ThreadStatic] public static int BOffset;
    }

    /// <summary>
    /// <c>C = A·Bᵀ</c>, or <c>C += A·Bᵀ</c> with <paramref name="accumulate"/>: A is m×k, B is n×k and C is m×n, all
    /// row-major. Row r of C holds B·aᵣ, the matrix–vector product of every row of A.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix.</exception>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(a, b, c, m, n, k);
        // Packing copies op(B) (here transposed, by blocks in registers), read in place A. For a small minibatch against a
        // wider layer (m ≤ 32 rows of X against W's n), computing Cᵀ = B·Aᵀ instead packs the few rows of X rather than
        // all of W, at the cost of writing C's tiles transposed. From 48 rows on, packing W pays: mnist-shaped forward
        // product at B = 48 / 64, float32 65 / 66 µs against 73 / 73 transposed, float64 137 against 139 / 140; at B = 16
        // / 32 transposed is faster in float64 (34 / 68 µs against 49 / 77) and as fast in float32 (docs/benchmarks.md).
        // float32 there takes neither: see DotTiles.
        if (n > m && DotTiles.Applies<T>(m, k))
            DotTiles.MultiplyTransposed(MemoryMarshal.Cast<T, float>(a), MemoryMarshal.Cast<T, float>(b), MemoryMarshal.Cast<T, float>(c), m, n, k, accumulate);
        else if (n > m && m <= TransposedMaxRows) Run(b, k, 1, a, 1, k, c, n, m, k, accumulate, MicroKernel<T>.For(m), transposeC: true);
        else Run(a, k, 1, b, 1, k, c, m, n, k, accumulate, MicroKernel<T>.For(n));
    }

    /// <summary>
    /// <c>C += Aᵀ·B</c>: A is k×m, B is k×n and C is m×n, all row-major. It sums k outer products aₚ bₚᵀ, which is
    /// how a minibatch's weight gradient W̄ += Σᵣ t̄ᵣ xᵣᵀ becomes one product.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix.</exception>
    public static void AddTransposedProduct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(a, b, c, m, n, k);
        Run(a, 1, m, b, n, 1, c, m, n, k, accumulate: true, MicroKernel<T>.For(n));
    }

    /// <summary>
    /// <c>C = A·B</c>, or <c>C += A·B</c> with <paramref name="accumulate"/>: A is m×k, B is k×n and C is m×n, all
    /// row-major. Row r of C holds Bᵀ·aᵣ, which is how a minibatch's x̄ᵣ = Wᵀ t̄ᵣ becomes one product.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix.</exception>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(a, b, c, m, n, k);
        Run(a, k, 1, b, n, 1, c, m, n, k, accumulate, MicroKernel<T>.For(n));
    }

    private static void Check<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if ((long)m * k > a.Length) throw new ArgumentException($"A has {a.Length} values, fewer than {m}×{k}.", nameof(a));
        if ((long)k * n > b.Length) throw new ArgumentException($"B has {b.Length} values, fewer than {k}×{n}.", nameof(b));
        if ((long)m * n > c.Length) throw new ArgumentException($"C has {c.Length} values, fewer than {m}×{n}.", nameof(c));
    }

    /// <summary>
    /// <c>C (+)= op(A)·op(B)</c> where op(A) is m×k with entry (i, p) at <c>a[i·aRow + p·aColumn]</c> and op(B) is k×n with
    /// entry (p, j) at <c>b[p·bRow + j·bColumn]</c>; C is dense row-major m×n, or with <paramref name="transposeC"/>
    /// the product is written into C as its transpose (C row-major n×m).
    /// </summary>
    internal static void Run<T>(ReadOnlySpan<T> a, int aRow, int aColumn, ReadOnlySpan<T> b, int bRow, int bColumn,
        Span<T> c, int m, int n, int k, bool accumulate, MicroKernel<T> kernel, bool transposeC = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sink = default(AddTiles<T>);
        Run(a, aRow, aColumn, b, bRow, bColumn, c, m, n, k, accumulate, kernel, transposeC, ref sink);
    }

    /// <summary>
    /// <see cref="Run{T}(ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, int, int, Span{T}, int, int, int, bool, MicroKernel{T}, bool)"/>
    /// with what becomes of each tile's product left to <paramref name="sink"/>: the same panels, the same tiles, the same
    /// order of the sums.
    /// </summary>
    internal static void Run<T, TSink>(ReadOnlySpan<T> a, int aRow, int aColumn, ReadOnlySpan<T> b, int bRow, int bColumn,
        Span<T> c, int m, int n, int k, bool accumulate, MicroKernel<T> kernel, bool transposeC, ref TSink sink)
        where T : unmanaged, IFloatingPointIeee754<T> where TSink : struct, ITileSink<T>
    {
        if (!accumulate) c.Slice(0, m * n).Clear();
        if (m == 0 || n == 0 || k == 0) return;
        int mr = kernel.Rows, nr = kernel.Columns;
        // A transposed tile is added back through scratch, so up to 4·KC its depth is not cut: one write-back per tile.
        int kBlocks = transposeC && k <= 4 * KC ? 1 : (k + KC - 1) / KC;
        int depthBlock = (k + kBlocks - 1) / kBlocks; // ⌈k / ⌈k / KC⌉⌉
        int nc = Math.Min(NC, RoundUp(n, nr)), kc = depthBlock, mc = Math.Min(MC, RoundUp(m, mr));
        Span<T> packedA = Buffer(ref Packs<T>.A, ref Packs<T>.AOffset, mc * kc);
        Span<T> packedB = Buffer(ref Packs<T>.B, ref Packs<T>.BOffset, kc * nc);
        for (int jc = 0; jc < n; jc += NC)
        {
            int ncb = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += depthBlock)
            {
                int kcb = Math.Min(depthBlock, k - pc);
                // A row-major op(B) (unit column stride: X in the weight gradient T̄ᵀX) is read in place by its whole
                // NR-wide panels, NR entries of a row at a time, rows bRow apart; only a last partial panel is packed.
                bool bInPlace = bColumn == 1;
                PackB(b, bRow, bColumn, pc, jc, bInPlace ? ncb / nr * nr : 0, kcb, ncb, nr, packedB);
                for (int ic = 0; ic < m; ic += MC)
                {
                    int mcb = Math.Min(MC, m - ic);
                    // A row-major A (unit column stride) is read in place by whole panels: the micro-kernel broadcasts
                    // its MR rows as MR sequential streams, and the copy is saved. Otherwise, and for a last partial
                    // panel, which must not be read past its rows, the panels are packed.
                    bool inPlace = aColumn == 1;
                    PackA(a, aRow, aColumn, ic, pc, inPlace ? mcb / mr * mr : 0, mcb, kcb, mr, packedA);
                    for (int jr = 0; jr < ncb; jr += nr)
                    {
                        bool panelInPlace = bInPlace && jr + nr <= ncb;
                        ref T bPanel = ref panelInPlace ? ref Unsafe.AsRef(in b[pc * bRow + jc + jr]) : ref packedB[jr * kcb];
                        int bStep = panelInPlace ? bRow : nr;
                        for (int ir = 0; ir < mcb; ir += mr)
                        {
                            var cTile = transposeC ? c.Slice((jc + jr) * m + ic + ir) : c.Slice((ic + ir) * n + jc + jr);
                            int rows = Math.Min(mr, mcb - ir), columns = Math.Min(nr, ncb - jr), ldc = transposeC ? m : n;
                            if (inPlace && rows == mr)
                                sink.Tile(kernel, kcb, ref Unsafe.AsRef(in a[(ic + ir) * aRow + pc]), aRow, 1, ref bPanel, bStep, cTile, ldc, rows, columns, transposeC);
                            else
                                sink.Tile(kernel, kcb, ref packedA[ir * kcb], 1, mr, ref bPanel, bStep, cTile, ldc, rows, columns, transposeC);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Copies rows <paramref name="from"/>.. <paramref name="rows"/> of the block at (i0, p0) of op(A), columns p0..
    /// p0+depth, into panels of <paramref name="mr"/> rows: panel by panel, then p by p, the panel's mr entries of column p
    /// together (zeros past the last row). Reads along whichever axis of A is contiguous.
    /// </summary>
    private static void PackA<T>(ReadOnlySpan<T> a, int aRow, int aColumn, int i0, int p0, int from, int rows, int depth, int mr, Span<T> packed)
    {
        ref T source = ref MemoryMarshal.GetReference(a);
        ref T target = ref MemoryMarshal.GetReference(packed);
        for (int panel = from; panel < rows; panel += mr)
        {
            int height = Math.Min(mr, rows - panel);
            ref T block = ref Unsafe.Add(ref target, panel * depth);
            if (height < mr) MemoryMarshal.CreateSpan(ref block, mr * depth).Clear();
            nint start = (nint)(i0 + panel) * aRow + (nint)p0 * aColumn;
            if (aColumn == 1)
                for (int i = 0; i < height; i++)
                    for (int p = 0; p < depth; p++) Unsafe.Add(ref block, p * mr + i) = Unsafe.Add(ref source, start + (nint)i * aRow + p);
            else
                for (int p = 0; p < depth; p++)
                    for (int i = 0; i < height; i++) Unsafe.Add(ref block, p * mr + i) = Unsafe.Add(ref source, start + (nint)p * aColumn + (nint)i * aRow);
        }
    }

    /// <summary>
    /// Copies rows p0.. p0+depth of op(B), columns j0+<paramref name="from"/>.. j0+columns, into panels of <paramref name="nr"/> columns: panel
    /// by panel, then p by p, the panel's nr entries of row p together (zeros past the last column). Reads along whichever
    /// axis of B is contiguous.
    /// </summary>
    private static void PackB<T>(ReadOnlySpan<T> b, int bRow, int bColumn, int p0, int j0, int from, int depth, int columns, int nr, Span<T> packed) where T : unmanaged
    {
        ref T source = ref MemoryMarshal.GetReference(b);
        ref T target = ref MemoryMarshal.GetReference(packed);
        for (int panel = from; panel < columns; panel += nr)
        {
            int width = Math.Min(nr, columns - panel);
            ref T block = ref Unsafe.Add(ref target, panel * depth);
            if (width < nr) MemoryMarshal.CreateSpan(ref block, nr * depth).Clear();
            nint start = (nint)p0 * bRow + (nint)(j0 + panel) * bColumn;
            if (bColumn == 1)
                for (int p = 0; p < depth; p++)
                    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, start + (nint)p * bRow), width).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref block, p * nr), width));
            else if (bRow == 1 && width == nr && TryPackTransposed(ref Unsafe.Add(ref source, start), bColumn, depth, nr, ref block))
                continue; // packed by whole blocks transposed in registers
            else
                for (int j = 0; j < width; j++)
                    for (int p = 0; p < depth; p++) Unsafe.Add(ref block, p * nr + j) = Unsafe.Add(ref source, start + (nint)j * bColumn + (nint)p * bRow);
        }
    }

    /// <summary>This thread's pack buffer, grown to at least <paramref name="length"/> values, starting on a cache line.</summary>
    private static Span<T> Buffer<T>(ref T[]? buffer, ref int offset, int length) where T : unmanaged
    {
        if (buffer is null || buffer.Length - offset < length) buffer = ThreadScratch.Allocate<T>(length, out offset);
        return buffer.AsSpan(offset, length);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>What <see cref="Run{T, TSink}"/> does with each tile's product: add it into C, or a step's epilogue.</summary>
    internal interface ITileSink<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Takes the tile of C at <paramref name="c"/>: its arguments are <see cref="MicroKernel{T}.Run"/>'s.</summary>
        void Tile(MicroKernel<T> kernel, int depth, ref T a, int aRow, int aStep, ref T b, int bStep, Span<T> c, int ldc, int rows, int columns, bool transposed);
    }

    /// <summary>The products' usual sink: each tile is added into C.</summary>
    private struct AddTiles<T> : ITileSink<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Tile(MicroKernel<T> kernel, int depth, ref T a, int aRow, int aStep, ref T b, int bStep, Span<T> c, int ldc, int rows, int columns, bool transposed) =>
            kernel.Run(depth, ref a, aRow, aStep, ref b, bStep, c, ldc, rows, columns, transposed);
    }
}
