using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

/// <summary>
/// A plain-SGD step of a weight matrix whose minibatch gradient is W̄ = Aᵀ X (the sum of the examples' outer products
/// aᵣ xᵣᵀ), taken inside the product: each tile of Aᵀ X is computed in registers by the GEMM's micro-kernel and applied
/// to W at once, W ← W − η·(W̄·s + λW), so no W-sized gradient is written, checked, read or cleared. θ gets the bits the
/// dense path gives it (<see cref="Gemm.AddTransposedProduct{T}"/> into a cleared gradient, then <see cref="StepKernel"/>):
/// the same panels, micro-kernel and order of the sums (a tile's entries are 0 + Σₚ aₚᵢ xₚⱼ, as added into +0), then
/// the step's operations entry by entry.
/// </summary>
internal static class OuterProductStep
{
    /// <summary>Whether a product <paramref name="columns"/> wide has its whole tiles stepped from 512-bit registers (<see cref="Gemm.Kernel512{T}"/>).</summary>
    public static bool FromRegisters(int columns) => Gemm.MicroKernel<double>.For(columns) is Gemm.Kernel512<double>;

    /// <summary>
    /// W ← W − η·(s·Aᵀ X + λW) for A of k×m and X of k×n (row-major) and W of m×n; returns Σ (Aᵀ X)ᵢⱼ², the block's
    /// squared gradient norm before the scale (summed tile by tile, so equal to the dense step's up to rounding). The
    /// caller proves every new entry finite first: this writes as it goes. k is at most one depth block of the GEMM
    /// (<see cref="Gemm.KC"/>), so each tile is complete when the micro-kernel returns.
    /// </summary>
    public static double Apply(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> w, int m, int n, int k, double eta, double scale, double l2)
    {
        if (k > Gemm.KC) throw new ArgumentOutOfRangeException(nameof(k), k, $"At most {Gemm.KC} examples: the product's depth must be one block.");
        var sink = new Sink(eta, scale, l2);
        Gemm.Run(a, 1, m, x, n, 1, w, m, n, k, accumulate: true, Gemm.MicroKernel<double>.For(n), transposeC: false, ref sink);
        return sink.Squares;
    }

    /// <summary>
    /// Steps W's tile from each tile of the product: a whole tile of the 512-bit kernel straight from its registers
    /// (<see cref="StepRows"/>), any other (a tile cut by an edge, another kernel) computed into cleared scratch first.
    /// </summary>
    private struct Sink(double eta, double scale, double l2) : Gemm.ITileSink<double>
    {
        private StepRows _rows = new(eta, scale, l2);

        /// <summary>Σ g² over the tiles stepped so far.</summary>
        public readonly double Squares => _rows.Squares;

        public void Tile(Gemm.MicroKernel<double> kernel, int depth, ref double a, int aRow, int aStep, ref double b, int bStep, Span<double> c, int ldc, int rows, int columns, bool transposed)
        {
            if (kernel is Gemm.Kernel512<double> wide && rows == wide.Rows && columns == wide.Columns)
            {
                wide.Tile(depth, ref a, aRow, aStep, ref b, bStep, ref MemoryMarshal.GetReference(c), ldc, ref _rows);
                return;
            }
            int width = kernel.Columns;
            Span<double> tile = stackalloc double[kernel.Rows * width];
            tile.Clear();
            kernel.Run(depth, ref a, aRow, aStep, ref b, bStep, tile, width, rows, columns);
            for (int i = 0; i < rows; i++)
                _rows.Step(c.Slice(i * ldc, columns), tile.Slice(i * width, columns));
        }
    }

    /// <summary>θⱼ ← θⱼ − η·(gⱼ·s), or θⱼ − η·(gⱼ·s + λθⱼ) with L2: the dense write's operations (<see cref="StepKernel"/>), and Σ g².</summary>
    private struct StepRows(double eta, double scale, double l2) : Gemm.ITileRows<double>
    {
        private readonly Vector512<double> _eta = Vector512.Create(eta), _scale = Vector512.Create(scale), _l2 = Vector512.Create(l2);
        private readonly bool _hasL2 = l2 != 0;
        private Vector512<double> _squares0, _squares1;
        private double _tailSquares;

        public readonly double Squares => Vector512.Sum(_squares0 + _squares1) + _tailSquares;

        /// <summary>A row of 16 products from the kernel's registers: each is 0 + Σ, as the dense path adds it into a cleared gradient.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Row(ref double theta, Vector512<double> v0, Vector512<double> v1)
        {
            _squares0 = Step(ref theta, Vector512<double>.Zero + v0, _squares0);
            _squares1 = Step(ref Unsafe.Add(ref theta, Vector512<double>.Count), Vector512<double>.Zero + v1, _squares1);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly Vector512<double> Step(ref double theta, Vector512<double> g, Vector512<double> squares)
        {
            var t = Vector512.LoadUnsafe(ref theta);
            (t - _eta * (_hasL2 ? g * _scale + _l2 * t : g * _scale)).StoreUnsafe(ref theta);
            return squares + g * g;
        }

        /// <summary>A row of a tile computed into scratch, entry by entry.</summary>
        public void Step(Span<double> theta, ReadOnlySpan<double> gradient)
        {
            double eta = _eta[0], scale = _scale[0], l2 = _l2[0];
            for (int j = 0; j < theta.Length; j++)
            {
                double g = gradient[j];
                _tailSquares += g * g;
                theta[j] -= eta * (_hasL2 ? g * scale + l2 * theta[j] : g * scale);
            }
        }
    }
}
