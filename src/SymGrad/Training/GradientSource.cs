namespace SymGrad;

/// <summary>A model's per-example gradient against a real target, bound once per run: a delegate call per example, not a generic virtual one.</summary>
internal delegate double GradientFunction(ReadOnlySpan<double> x, double y, Span<double> gradient);

/// <summary>A model's minibatch gradient against real targets, bound once per run.</summary>
internal delegate double BatchGradientFunction(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient);

/// <summary>A model's <see cref="IFactoredGradient{T}.GradientFactored{TLoss}"/> against a real target, bound once per run.</summary>
internal delegate double FactoredGradientFunction<T>(ReadOnlySpan<T> x, T y, Span<T> gradient, Span<T> factors);

/// <summary>A vector model's <see cref="IFactoredClassGradient{T}.GradientFactored{TLoss}"/> against a class label, bound once per run.</summary>
internal delegate double FactoredClassGradientFunction<T>(ReadOnlySpan<T> x, int y, Span<T> gradient, Span<T> factors);

/// <summary>A model's <see cref="IFactoredBatchGradient{T}.GradientBatchFactored{TLoss}"/> against real targets, bound once per run.</summary>
internal delegate double FactoredBatchFunction(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient, Span<double> factors);

/// <summary>A vector model's <see cref="IFactoredClassBatchGradient{T}.GradientBatchFactored{TLoss}"/> against class labels, bound once per run.</summary>
internal delegate double FactoredClassBatchFunction(ReadOnlySpan<double> inputs, ReadOnlySpan<int> labels, Span<double> gradient, Span<double> factors);

/// <summary>A vector model's per-example gradient against a class label, bound once per run.</summary>
internal delegate double ClassGradientFunction(ReadOnlySpan<double> x, int label, Span<double> gradient);

/// <summary>A vector model's minibatch gradient against class labels, bound once per run.</summary>
internal delegate double ClassBatchGradientFunction(ReadOnlySpan<double> inputs, ReadOnlySpan<int> labels, Span<double> gradient);

/// <summary>Where a piece of a minibatch is gathered before its <c>GradientBatch</c> call: one per thread.</summary>
internal class BatchScratch(int rows, int inputLength, bool labels)
{
    /// <summary>Room for <c>rows</c> inputs, row-major, from a cache line on (a GEMM reads it in place).</summary>
    public AlignedBuffer<double> Inputs { get; } = AlignedBuffer<double>.Rent(rows * inputLength);

    /// <summary>Room for the real targets of a scalar model (empty for a vector model).</summary>
    public double[] Targets { get; } = labels ? [] : new double[rows];

    /// <summary>Room for the class labels of a vector model (empty for a scalar model).</summary>
    public int[] Labels { get; } = labels ? new int[rows] : [];

    /// <summary>Gives the gather buffer back for the next run (<see cref="AlignedBuffer{T}.Rent"/>) when the run is done with it.</summary>
    public void Return() => Inputs.Return();
}

/// <summary>
/// The training data's gradients as the training loop asks for them, so scalar and vector models train in one loop:
/// one example straight from its row, or the examples of a list of indices gathered into contiguous rows and passed to
/// the model's <c>GradientBatch</c> (which a generated model computes with matrix–matrix products).
/// </summary>
internal abstract class GradientSource(Dataset data)
{
    protected Dataset Data { get; } = data;

    /// <summary>Whether <see cref="BatchScratch"/> needs room for labels rather than real targets.</summary>
    public abstract bool UsesLabels { get; }

    /// <summary>Adds example <paramref name="index"/>'s gradient into <paramref name="gradient"/> and returns its loss.</summary>
    public abstract double Example(int index, Span<double> gradient);

    /// <summary>Called once per optimizer step, before any of its gradients, on the training thread (a float32 model narrows θ here).</summary>
    public virtual void BeginStep()
    {
    }

    /// <summary>
    /// Called on the training thread before an epoch's first step and after its last, so the model holds the run's θ
    /// there whatever the step did (a float32 model gets its master θ rounded in: the dense step rounds it before each
    /// step, the rank-1 step as it writes, and a resumed run starts from its checkpoint's master).
    /// </summary>
    public virtual void SyncModel()
    {
    }

    /// <summary>
    /// Rank-1 plain-SGD steps for the model (<see cref="RankOneSteps"/>), or null when its gradient has no factored block
    /// (or too small a one: <see cref="SymGrad.RankOneSteps.PaysOff"/>);
    /// <paramref name="segments"/> are θ's, one per block.
    /// </summary>
    public virtual RankOneSteps? RankOneSteps(Segment[] segments) => null;

    /// <summary>One thread's scratch for pieces of at most <paramref name="rows"/> examples.</summary>
    public virtual BatchScratch CreateScratch(int rows, int inputLength) => new(rows, inputLength, UsesLabels);

    /// <summary>
    /// Gathers the examples of <paramref name="indices"/> into <paramref name="scratch"/>, adds the sum of their gradients
    /// into <paramref name="gradient"/> and returns the sum of their losses.
    /// </summary>
    public double Batch(ReadOnlySpan<int> indices, BatchScratch scratch, Span<double> gradient) =>
        Batch(indices, GatherInputs(indices, scratch, out _, measure: false), scratch, gradient);

    /// <summary>
    /// Copies the inputs of <paramref name="indices"/> into <paramref name="scratch"/>'s rows and returns them; with
    /// <paramref name="measure"/> also their largest |x| in <paramref name="largest"/> (NaN if one holds a NaN), taken as
    /// each row is copied.
    /// </summary>
    public ReadOnlySpan<double> GatherInputs(ReadOnlySpan<int> indices, BatchScratch scratch, out double largest, bool measure)
    {
        var inputs = scratch.Inputs.Span.Slice(0, indices.Length * Data.InputLength);
        largest = Data.GatherInputs(indices, inputs, measure);
        return inputs;
    }

    /// <summary>
    /// Plain-SGD steps inside the weight gradients' products for minibatches of 2 to <paramref name="maxRows"/> rows
    /// (<see cref="SymGrad.FactoredMinibatchSteps"/>), or null when the model keeps no factors of its minibatch gradient
    /// or the step would not pay (<see cref="SymGrad.FactoredMinibatchSteps.PaysOff"/>); the rows are gathered into <paramref name="scratch"/>.
    /// </summary>
    public virtual FactoredMinibatchSteps? FactoredMinibatchSteps(Segment[] segments, BatchScratch scratch, int maxRows) => null;

    /// <summary>Gathers the targets and calls the model's minibatch gradient on the gathered <paramref name="inputs"/>.</summary>
    protected abstract double Batch(ReadOnlySpan<int> indices, ReadOnlySpan<double> inputs, BatchScratch scratch, Span<double> gradient);

    /// <summary>Copies <c>values[indices[k]]</c> into the first entries of <paramref name="buffer"/> and returns them.</summary>
    protected static ReadOnlySpan<T> Gather<T>(T[] values, ReadOnlySpan<int> indices, T[] buffer)
    {
        var gathered = buffer.AsSpan(0, indices.Length);
        for (int k = 0; k < indices.Length; k++) gathered[k] = values[indices[k]];
        return gathered;
    }
}

/// <summary>A scalar model's gradients with loss <typeparamref name="TLoss"/>.</summary>
internal sealed class ScalarGradients<TLoss>(IModel model, Dataset data) : GradientSource(data) where TLoss : ILoss
{
    private readonly GradientFunction _example = model.Gradient<TLoss>;
    private readonly BatchGradientFunction _batch = model.GradientBatch<TLoss>;
    private readonly double[] _targets = data.Targets;

    public override bool UsesLabels => false;

    public override RankOneSteps? RankOneSteps(Segment[] segments)
    {
        if (model is not IFactoredGradient<double> factored || !SymGrad.RankOneSteps.PaysOff(model.Blocks, factored)) return null;
        FactoredGradientFunction<double> gradient = factored.GradientFactored<TLoss>;
        return new SymGrad.RankOneSteps(model.Blocks, factored, (index, sum, factors) => gradient(Data.Input(index), _targets[index], sum, factors),
            segments, master: null);
    }

    public override FactoredMinibatchSteps? FactoredMinibatchSteps(Segment[] segments, BatchScratch scratch, int maxRows)
    {
        if (model is not IFactoredBatchGradient<double> factored || !SymGrad.FactoredMinibatchSteps.PaysOff(model.Blocks, factored)) return null;
        FactoredBatchFunction batch = factored.GradientBatchFactored<TLoss>;
        return new SymGrad.FactoredMinibatchSteps(model.Blocks, factored, this,
            (indices, inputs, scratch, sum, factors) => batch(inputs, Gather(_targets, indices, scratch.Targets), sum, factors), scratch, maxRows, segments);
    }

    public override double Example(int index, Span<double> gradient) => _example(Data.Input(index), _targets[index], gradient);

    protected override double Batch(ReadOnlySpan<int> indices, ReadOnlySpan<double> inputs, BatchScratch scratch, Span<double> gradient) =>
        _batch(inputs, Gather(_targets, indices, scratch.Targets), gradient);
}

/// <summary>A vector model's gradients against class labels with loss <typeparamref name="TLoss"/>; the labels are converted to ints once.</summary>
internal sealed class ClassGradients<TLoss>(IVectorModel model, Dataset data) : GradientSource(data) where TLoss : IClassLoss
{
    private readonly ClassGradientFunction _example = model.Gradient<TLoss>;
    private readonly ClassBatchGradientFunction _batch = model.GradientBatch<TLoss>;
    private readonly int[] _labels = Array.ConvertAll(data.Targets, y => (int)y);

    public override bool UsesLabels => true;

    public override RankOneSteps? RankOneSteps(Segment[] segments)
    {
        if (model is not IFactoredClassGradient<double> factored || !SymGrad.RankOneSteps.PaysOff(model.Blocks, factored)) return null;
        FactoredClassGradientFunction<double> gradient = factored.GradientFactored<TLoss>;
        return new SymGrad.RankOneSteps(model.Blocks, factored, (index, sum, factors) => gradient(Data.Input(index), _labels[index], sum, factors),
            segments, master: null);
    }

    public override FactoredMinibatchSteps? FactoredMinibatchSteps(Segment[] segments, BatchScratch scratch, int maxRows)
    {
        if (model is not IFactoredClassBatchGradient<double> factored || !SymGrad.FactoredMinibatchSteps.PaysOff(model.Blocks, factored)) return null;
        FactoredClassBatchFunction batch = factored.GradientBatchFactored<TLoss>;
        return new SymGrad.FactoredMinibatchSteps(model.Blocks, factored, this,
            (indices, inputs, scratch, sum, factors) => batch(inputs, Gather(_labels, indices, scratch.Labels), sum, factors), scratch, maxRows, segments);
    }

    public override double Example(int index, Span<double> gradient) => _example(Data.Input(index), _labels[index], gradient);

    protected override double Batch(ReadOnlySpan<int> indices, ReadOnlySpan<double> inputs, BatchScratch scratch, Span<double> gradient) =>
        _batch(inputs, Gather(_labels, indices, scratch.Labels), gradient);
}
