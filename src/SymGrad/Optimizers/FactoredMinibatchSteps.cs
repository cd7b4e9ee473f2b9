namespace SymGrad;

/// <summary>
/// A minibatch's gradient for a step inside the weight gradients' products (the model's <c>GradientBatchFactored</c>
/// bound to the run's data and loss, on rows already gathered): adds the dense blocks' summed gradient into
/// <c>gradient</c>, writes the factored blocks' factors into <c>factors</c>, and returns the summed loss.
/// </summary>
internal delegate double FactoredBatch(ReadOnlySpan<int> indices, ReadOnlySpan<double> inputs, BatchScratch scratch, Span<double> gradient, Span<double> factors);

/// <summary>
/// Plain-SGD steps at batch sizes 2 to <see cref="MaxRows"/> for a float64 model whose minibatch gradient of some weight
/// matrices is one product W̄ = Aᵀ C (<see cref="IFactoredBatchGradient{T}"/>): the model writes A and C (the examples'
/// adjoints, and their inputs or hidden activations), the other blocks go through <see cref="StepKernel"/> as usual, and
/// W −= η·(s·Aᵀ C + λW) is applied tile by tile inside that product (<see cref="OuterProductStep"/>): no W-sized gradient
/// is written, checked, read or cleared. The minibatch analogue of <see cref="RankOneSteps"/>, and all or nothing as it:
/// the product is stepped only when the run's bound on |θ| and B·max|A|·max|C| prove every new entry finite; otherwise
/// the step adds Aᵀ C into the gradient, as <c>GradientBatch</c> would have, and takes the dense step, which checks
/// every value. θ is bit-identical to the dense step's; a block's gradient norm equals it up to rounding (its squares
/// are summed tile by tile).
/// </summary>
internal sealed class FactoredMinibatchSteps : IFactoredSteps
{
    /// <summary>
    /// The largest minibatch stepped this way. It must be one <c>GradientBatch</c> call (at most
    /// <see cref="MinibatchGradients.PieceRows"/> rows) whose products have one depth block (<see cref="Gemm.KC"/>), so
    /// that each tile of Aᵀ C is whole when it is applied; within that, the step pays only while the passes it saves are
    /// a large part of a minibatch: on the mnist-shaped model, training time against the dense step 0.87 at batch 16,
    /// 0.93–0.96 at 32, 0.97–0.98 at 64, and 1.01–1.04 at 128 when it was taken there (docs/benchmarks.md).
    /// </summary>
    public const int MaxRows = 64;

    /// <summary>
    /// Whether the step pays for the model: its factored blocks are large enough (<see cref="RankOneSteps.PaysOff"/>), and
    /// this machine steps their tiles from 512-bit registers (wider than one vector: a narrower product takes a kernel
    /// whose tiles go through scratch, which measured slower than the dense step; docs/benchmarks.md).
    /// </summary>
    public static bool PaysOff(IReadOnlyList<ParameterBlock> blocks, IFactoredBlocks model) =>
        RankOneSteps.PaysOff(blocks, model) && OuterProductStep.FromRegisters(model.FactoredBlocks.Min(f => blocks[f.Block].Columns));

    /// <summary>A factored block: its place in θ, its shape and segment, and where a minibatch's factors are.</summary>
    private readonly record struct Factor(int Segment, int Offset, int Rows, int Columns, int RowsOffset, int ColumnsOffset, bool ColumnsAreInput);

    private readonly GradientSource _source;
    private readonly FactoredBatch _batch;
    private readonly BatchScratch _scratch;
    private readonly AlignedBuffer<double> _factors;
    private readonly int _factorLength;
    private readonly Factor[] _blocks;
    private readonly DenseBlocks _dense;
    private readonly bool _measureInputs; // a block's columns are the input: its bound needs their max |x|

    // The last minibatch's size, the length of its inputs gathered into the scratch (a first layer's C), and their max |x|.
    private int _count, _inputLength;
    private double _inputMax;

    /// <param name="blocks">θ's blocks.</param>
    /// <param name="factored">Which blocks the model writes as factors, and where.</param>
    /// <param name="source">The run's gradients: they gather a minibatch's rows.</param>
    /// <param name="batch">The model's factored minibatch gradient, bound to the run's data and loss.</param>
    /// <param name="scratch">Where the rows are gathered, room for <paramref name="maxRows"/>.</param>
    /// <param name="maxRows">The largest minibatch, at most <see cref="MaxRows"/>.</param>
    /// <param name="segments">θ's segments, one per block, as the run steps them.</param>
    public FactoredMinibatchSteps(IReadOnlyList<ParameterBlock> blocks, IFactoredBlocks factored, GradientSource source, FactoredBatch batch,
        BatchScratch scratch, int maxRows, Segment[] segments)
    {
        (_source, _batch, _scratch, _factorLength) = (source, batch, scratch, factored.FactorLength);
        _factors = AlignedBuffer<double>.Rent(maxRows * factored.FactorLength);
        _blocks = [.. factored.FactoredBlocks.Select(f => new Factor(f.Block, blocks[f.Block].Offset, blocks[f.Block].Rows,
            blocks[f.Block].Columns, f.RowsOffset, f.ColumnsOffset, f.ColumnsAreInput))];
        _dense = new DenseBlocks(segments, _blocks.Select(b => b.Segment));
        _measureInputs = _blocks.Any(b => b.ColumnsAreInput);
    }

    /// <summary>
    /// Two rows or more: a minibatch of one (a data set's last, say) goes through the model's per-example
    /// <c>Gradient</c> in the dense path, whose rounding this step does not reproduce.
    /// </summary>
    public bool Takes(int rows) => rows >= 2;

    /// <inheritdoc/>
    public double Gradient(ReadOnlySpan<int> indices, Span<double> gradient)
    {
        _source.BeginStep();
        _count = indices.Length;
        // The inputs' max |x| is taken as they are copied (a NaN in them makes the bound NaN, and the step dense).
        var inputs = _source.GatherInputs(indices, _scratch, out _inputMax, _measureInputs);
        _inputLength = inputs.Length;
        return _batch(indices, inputs, _scratch, gradient, _factors.Span[..(_count * _factorLength)]);
    }

    /// <summary>One all-or-nothing plain-SGD step from the last minibatch's gradient and factors; false (nothing changed) if it would diverge.</summary>
    public bool TryStep(ref StepInput input, OptimizerState state)
    {
        var rule = new PlainRule(input.LearningRate);
        if (!Bounded(rule, input, state, out double thetaAfter))
        {
            // Not provable from the bounds (the first step of an epoch, values near overflow, a NaN): the dense step, exactly.
            foreach (var block in _blocks)
                Kernels.AddOuterProducts(RowsOf(block), ColumnsOf(block), input.Gradient.Slice(block.Offset, block.Rows * block.Columns), block.Rows, block.Columns, _count);
            return StepKernel.TryApply(rule, ref input, state);
        }
        if (!_dense.TryStep(rule, input, state)) return false;
        bool norms = !input.BlockSquares.IsEmpty;

        foreach (var block in _blocks)
        {
            double l2 = input.Segments[block.Segment].Decayed ? input.L2 : 0;
            var theta = input.Theta.Slice(block.Offset, block.Rows * block.Columns);
            double squares = OuterProductStep.Apply(RowsOf(block), ColumnsOf(block), theta, block.Rows, block.Columns, _count, input.LearningRate, input.GradientScale, l2);
            if (norms) input.BlockSquares[block.Segment] += squares;
        }
        _dense.Complete(input.BlockSquares, state, thetaAfter);
        return true;
    }

    /// <summary>
    /// Whether the bounds prove every factored block's new entries finite; <paramref name="thetaAfter"/> then bounds them.
    /// |Σᵣ aᵣᵢ cᵣⱼ| ≤ B·max|A|·max|C|, and the rounding of the B products and sums stays far inside the bounds' margin.
    /// </summary>
    private bool Bounded(PlainRule rule, in StepInput input, OptimizerState state, out double thetaAfter)
    {
        thetaAfter = double.PositiveInfinity;
        if (!state.MaximaKnown) return false;
        double largest = 0, l2 = 0;
        foreach (var block in _blocks)
        {
            // A NaN factor makes the product NaN, and Math.Max keeps it: Bounded is then false.
            double columns = block.ColumnsAreInput ? _inputMax : StepKernel.LargestMagnitude(ColumnsOf(block));
            largest = Math.Max(largest, _count * StepKernel.LargestMagnitude(RowsOf(block)) * columns);
            if (input.Segments[block.Segment].Decayed) l2 = input.L2;
        }
        double first = 0, second = 0;
        return rule.Bounded(state.ThetaMax, input.GradientScale * largest + l2 * state.ThetaMax, ref first, ref second, out thetaAfter);
    }

    /// <summary>A block's A: the minibatch's rows' factors, B × rows.</summary>
    private ReadOnlySpan<double> RowsOf(Factor block) => _factors.Span.Slice(_count * block.RowsOffset, _count * block.Rows);

    /// <summary>A block's C: the minibatch's columns' factors, B × columns, or its gathered inputs.</summary>
    private ReadOnlySpan<double> ColumnsOf(Factor block) =>
        block.ColumnsAreInput ? _scratch.Inputs.Span[.._inputLength] : _factors.Span.Slice(_count * block.ColumnsOffset, _count * block.Columns);

    /// <summary>Gives the run's buffers back for the next run.</summary>
    public void Dispose() => _factors.Return();
}
