using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

/// <summary>
/// One example's gradient for a rank-1 step (the model's <c>GradientFactored</c> bound to the run's data and loss): adds
/// the dense blocks' gradient into <c>gradient</c>, writes the factored blocks' factors into <c>factors</c> (in float64),
/// and returns the loss.
/// </summary>
internal delegate double FactoredExample(int index, Span<double> gradient, Span<double> factors);

/// <summary>
/// Plain-SGD steps at batch size 1 for a model whose per-example gradient of some weight matrices is rank 1
/// (<see cref="IFactoredBlocks"/>): the model writes a factored block's gradient as its factors a and c (W̄ = a cᵀ), the
/// other blocks go through <see cref="StepKernel"/> as usual, and W −= η·s·a cᵀ is applied row by row in one pass over W:
/// no W-sized gradient is written, checked, read or cleared. All or nothing as the dense step: the factored update is
/// applied only when the run's bound on |θ| and max|a|·max|c| prove every new entry finite
/// (<see cref="IUpdateRule.Bounded"/>); otherwise the step forms a cᵀ in the gradient, as <c>Gradient</c> would have, and
/// takes the dense step, which checks every value (so divergence is still caught with θ unchanged).
/// </summary>
/// <remarks>
/// θ is bit-identical to the dense step's: each entry is computed with the same operations in the same order
/// (g = a_i·c_j + 0 as <see cref="Kernels.AddScaled{T}"/> adds it into a cleared gradient, then g·s + λθ, then θ − η·g).
/// A block's gradient norm is ‖a‖·‖c‖ = ‖a cᵀ‖_F, equal to the dense Σg² up to rounding. A float32 model trains its
/// float64 master θ (<see cref="MasterParameters"/>) the same way, with each product a_i·c_j taken in float as its float
/// gradient would hold it (<see cref="FloatRows"/>), and every entry the step changes rounded into the model in the same
/// pass.
/// </remarks>
internal sealed class RankOneSteps : IFactoredSteps
{
    /// <summary>
    /// The fewest entries in factored blocks for which the rank-1 step is taken. Below it the dense step over a few cache
    /// lines costs less than the rank-1 step's fixed work per block and row (the two moons' W of 16×2: 2.1× the bare
    /// gradient with it, 1.7× without, in an alternating probe).
    /// </summary>
    public const int MinFactoredEntries = 1024;

    /// <summary>Whether the model's factored blocks are large enough for the rank-1 step to pay (<see cref="MinFactoredEntries"/>).</summary>
    public static bool PaysOff(IReadOnlyList<ParameterBlock> blocks, IFactoredBlocks model) =>
        model.FactoredBlocks.Sum(f => (long)blocks[f.Block].Length) >= MinFactoredEntries;

    /// <summary>A factored block: its place in θ, its shape and its segment, and where its factors are.</summary>
    private readonly record struct Factor(int Segment, int Offset, int Rows, int Columns, int RowsOffset, int ColumnsOffset);

    private readonly FactoredExample _example;
    private readonly MasterParameters? _master;
    private readonly AlignedBuffer<double> _factors;
    private readonly Factor[] _blocks;
    private readonly DenseBlocks _dense;
    private readonly float[] _floatColumns;

    /// <param name="blocks">θ's blocks.</param>
    /// <param name="factored">Which blocks the model writes as factors, and where.</param>
    /// <param name="example">The model's factored gradient of one example, bound to the run's data and loss.</param>
    /// <param name="segments">θ's segments, one per block, as the run steps them.</param>
    /// <param name="master">For a float32 model, the float64 master θ the run steps (θ is then its values); null for a float64 model.</param>
    public RankOneSteps(IReadOnlyList<ParameterBlock> blocks, IFactoredBlocks factored, FactoredExample example, Segment[] segments, MasterParameters? master)
    {
        (_example, _master) = (example, master);
        _factors = AlignedBuffer<double>.Rent(factored.FactorLength);
        _blocks = [.. factored.FactoredBlocks.Select(f => new Factor(f.Block, blocks[f.Block].Offset, blocks[f.Block].Rows,
            blocks[f.Block].Columns, f.RowsOffset, f.ColumnsOffset))];
        _dense = new DenseBlocks(segments, _blocks.Select(b => b.Segment));
        _floatColumns = master is null ? [] : new float[_blocks.Max(b => b.Columns)];
    }

    /// <summary>Batch 1 only.</summary>
    public bool Takes(int rows) => rows == 1;

    /// <summary>Adds the one example's gradient of the dense blocks into <paramref name="gradient"/>, keeps the factors, returns its loss.</summary>
    public double Gradient(ReadOnlySpan<int> indices, Span<double> gradient) => _example(indices[0], gradient, _factors.Span);

    /// <summary>One all-or-nothing plain-SGD step from the last example's gradient and factors; false (nothing changed) if it would diverge.</summary>
    public bool TryStep(ref StepInput input, OptimizerState state)
    {
        var rule = new PlainRule(input.LearningRate);
        if (!Bounded(rule, input, state, out double thetaAfter))
        {
            // Not provable from the bounds (the first step of an epoch, values near overflow, a NaN): the dense step, exactly.
            Materialise(input.Gradient);
            if (!StepKernel.TryApply(rule, ref input, state)) return false;
            _master?.Narrow();
            return true;
        }
        if (!_dense.TryStep(rule, input, state)) return false;
        bool norms = !input.BlockSquares.IsEmpty;
        if (_master is { } master)
            foreach (var segment in _dense.Segments) master.Narrow(segment.Offset, segment.Length);

        foreach (var block in _blocks)
        {
            ReadOnlySpan<double> rows = RowsOf(block), columns = ColumnsOf(block);
            bool decayed = input.Segments[block.Segment].Decayed;
            var theta = input.Theta.Slice(block.Offset, block.Rows * block.Columns);
            double l2 = decayed ? input.L2 : 0;
            if (_master is null) WriteRows(theta, rows, columns, input.LearningRate, input.GradientScale, l2);
            else FloatRows.Write(theta, _master.Narrowed.Slice(block.Offset, theta.Length), rows, FloatColumnsOf(block), input.LearningRate, input.GradientScale, l2);
            if (norms) input.BlockSquares[block.Segment] += TensorPrimitives.SumOfSquares<double>(rows) * TensorPrimitives.SumOfSquares<double>(columns);
        }
        _dense.Complete(input.BlockSquares, state, thetaAfter);
        return true;
    }

    /// <summary>Whether the bounds prove every factored block's new entries finite; <paramref name="thetaAfter"/> then bounds them.</summary>
    private bool Bounded(PlainRule rule, in StepInput input, OptimizerState state, out double thetaAfter)
    {
        thetaAfter = double.PositiveInfinity;
        if (!state.MaximaKnown) return false;
        double largest = 0, l2 = 0;
        foreach (var block in _blocks)
        {
            ReadOnlySpan<double> rows = RowsOf(block), columns = ColumnsOf(block);
            // A NaN factor makes the product NaN, and Math.Max keeps it: Bounded is then false.
            largest = Math.Max(largest, Math.Abs(TensorPrimitives.MaxMagnitude<double>(rows)) * Math.Abs(TensorPrimitives.MaxMagnitude<double>(columns)));
            if (input.Segments[block.Segment].Decayed) l2 = input.L2;
        }
        // A float32 model's products are rounded to float, which overflows long before double does.
        if (_master is not null && !(largest <= float.MaxValue / 2)) return false;
        double first = 0, second = 0;
        return rule.Bounded(state.ThetaMax, input.GradientScale * largest + l2 * state.ThetaMax, ref first, ref second, out thetaAfter);
    }

    /// <summary>Adds each factored block's a cᵀ into the gradient row by row, as the model's <c>Gradient</c> does (in float for a float32 model).</summary>
    private void Materialise(Span<double> gradient)
    {
        foreach (var block in _blocks)
        {
            ReadOnlySpan<double> rows = RowsOf(block), columns = ColumnsOf(block);
            var floatColumns = _master is null ? default : FloatColumnsOf(block);
            for (int i = 0; i < block.Rows; i++)
            {
                var row = gradient.Slice(block.Offset + i * block.Columns, block.Columns);
                if (_master is null) Kernels.AddScaled(row, rows[i], columns);
                else FloatRows.AddProducts(row, (float)rows[i], floatColumns);
            }
        }
    }

    /// <summary>A block's rows' factor a.</summary>
    private ReadOnlySpan<double> RowsOf(Factor block) => _factors.Span.Slice(block.RowsOffset, block.Rows);

    /// <summary>A block's columns' factor c.</summary>
    private ReadOnlySpan<double> ColumnsOf(Factor block) => _factors.Span.Slice(block.ColumnsOffset, block.Columns);

    /// <summary>Gives the factors' buffer back for the next run.</summary>
    public void Dispose() => _factors.Return();

    /// <summary>A float32 model's c back in float: its factors are floats widened, so narrowing them is exact.</summary>
    private ReadOnlySpan<float> FloatColumnsOf(Factor block)
    {
        var columns = _floatColumns.AsSpan(0, block.Columns);
        TensorPrimitives.ConvertTruncating<double, float>(ColumnsOf(block), columns);
        return columns;
    }

    /// <summary>
    /// θ_ij ← θ_ij − η·(g·s + λθ_ij) with g = a_i·c_j + 0, in the dense step's operations and order. A row with a_i = 0 and no
    /// L2 stays as it is, as the dense step leaves it (its gradient row is +0, and θ − η·(+0·s) = θ).
    /// </summary>
    private static void WriteRows(Span<double> theta, ReadOnlySpan<double> rows, ReadOnlySpan<double> columns, double eta, double scale, double l2)
    {
        int n = columns.Length;
        bool plain = l2 == 0 && scale == 1;
        for (int i = 0; i < rows.Length; i++)
        {
            double a = rows[i];
            if (a == 0 && l2 == 0) continue;
            var row = theta.Slice(i * n, n);
            // g·1 is g, bit for bit: the usual batch-1 step (no clipping, no L2) skips that product.
            if (plain) PlainRow(row, a, columns, eta);
            else Row(row, a, columns, eta, scale, l2);
        }
    }

    /// <summary>θ_j ← θ_j − η·(a·c_j + 0), in 512-bit vectors where the hardware has them (the row is most of a step's work).</summary>
    private static void PlainRow(Span<double> row, double a, ReadOnlySpan<double> columns, double eta)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var t = MemoryMarshal.Cast<double, Vector512<double>>(row);
            var c = MemoryMarshal.Cast<double, Vector512<double>>(columns)[..t.Length];
            Vector512<double> va = Vector512.Create(a), vEta = Vector512.Create(eta);
            for (int k = 0; k < t.Length; k++) t[k] -= vEta * (va * c[k] + Vector512<double>.Zero);
            j = t.Length * Vector512<double>.Count;
        }
        else
        {
            var t = MemoryMarshal.Cast<double, Vector<double>>(row);
            var c = MemoryMarshal.Cast<double, Vector<double>>(columns)[..t.Length];
            Vector<double> va = new(a), vEta = new(eta);
            for (int k = 0; k < t.Length; k++) t[k] -= vEta * (va * c[k] + Vector<double>.Zero);
            j = t.Length * Vector<double>.Count;
        }
        for (; j < row.Length; j++) row[j] -= eta * (a * columns[j] + 0.0);
    }

    /// <summary>θ_j ← θ_j − η·(g_j·s + λθ_j), g_j = a·c_j + 0 (+0 where a = 0, as a skipped AddScaled leaves it).</summary>
    private static void Row(Span<double> row, double a, ReadOnlySpan<double> columns, double eta, double scale, double l2)
    {
        var t = MemoryMarshal.Cast<double, Vector<double>>(row);
        var c = MemoryMarshal.Cast<double, Vector<double>>(columns)[..t.Length];
        Vector<double> va = new(a), vEta = new(eta), vScale = new(scale), vL2 = new(l2);
        bool zero = a == 0;
        for (int k = 0; k < t.Length; k++)
        {
            var g = zero ? Vector<double>.Zero : va * c[k] + Vector<double>.Zero;
            t[k] -= vEta * (g * vScale + vL2 * t[k]);
        }
        for (int j = t.Length * Vector<double>.Count; j < row.Length; j++)
        {
            double g = zero ? 0 : a * columns[j] + 0.0;
            row[j] -= eta * (g * scale + l2 * row[j]);
        }
    }
}
