using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

/// <summary>
/// The float64 master copy of a float32 model's θ, which the optimizer steps (mixed-precision training): the training
/// loop sees it as an ordinary float64 <see cref="IParameterized"/>, and <see cref="Narrow()"/> rounds it into the model
/// before each step's forward and backward passes (the rank-1 step rounds in what it writes instead), at each epoch's
/// ends and at the end of the run. Small updates that float32 would round
/// away (η·g below half an ulp of θ) accumulate in the master instead of being lost.
/// </summary>
internal sealed class MasterParameters : IParameterized
{
    private readonly IParameterized<float> _model;
    private readonly double[] _storage; // from _start on, at a cache-line boundary as a generated model's θ is
    private readonly int _start, _count;

    public MasterParameters(IParameterized<float> model)
    {
        _model = model;
        _count = model.ParameterCount;
        _storage = ParameterStorage.Allocate<double>(_count, out _start);
        TensorPrimitives.ConvertTruncating<float, double>(model.Parameters, Parameters);
    }

    public string Name => _model.Name;

    public string FullName => _model.FullName;

    public int InputLength => _model.InputLength;

    public int ParameterCount => _count;

    public Span<double> Parameters => _storage.AsSpan(_start, _count);

    public IReadOnlyList<ParameterBlock> Blocks => _model.Blocks;

    /// <summary>The model's float θ, which <see cref="Narrow()"/> writes.</summary>
    public Span<float> Narrowed => _model.Parameters;

    /// <summary>Rounds the master θ to the nearest floats, into the model.</summary>
    public void Narrow() => TensorPrimitives.ConvertTruncating<double, float>(Parameters, _model.Parameters);

    /// <summary>Rounds the <paramref name="length"/> entries of the master θ at <paramref name="offset"/> into the model.</summary>
    public void Narrow(int offset, int length) =>
        TensorPrimitives.ConvertTruncating<double, float>(Parameters.Slice(offset, length), _model.Parameters.Slice(offset, length));
}

/// <summary>A thread's float copies of a minibatch piece and its gradient, next to the float64 gather buffers.</summary>
internal sealed class Float32Scratch(int rows, int inputLength, int parameterCount, bool labels) : BatchScratch(rows, inputLength, labels)
{
    public AlignedBuffer<float> FloatInputs { get; } = new(rows * inputLength);

    /// <summary>Room for the real targets of a scalar model (empty for a vector model, whose labels are ints).</summary>
    public float[] FloatTargets { get; } = labels ? [] : new float[rows];

    public AlignedBuffer<float> Gradient { get; } = new(parameterCount);
}

/// <summary>
/// A float32 model's gradients for the float64 training loop: θ is narrowed from the master once per step
/// (<see cref="BeginStep"/>, before the parallel chunks start), each piece's inputs are narrowed into float scratch, the
/// model's float <c>GradientBatch</c> sums into a float buffer, and that is widened and added into the run's double
/// gradient. The loss is evaluated in double, as for every model. Subclasses only make the model's call, against real
/// targets (<see cref="Float32Gradients{TLoss}"/>) or class labels (<see cref="Float32ClassGradients{TLoss}"/>).
/// </summary>
internal abstract class Float32GradientSource(IParameterized<float> model, MasterParameters master, Dataset data) : GradientSource(data)
{
    private Float32Scratch? _example;

    /// <summary>The float64 master θ the run steps.</summary>
    protected MasterParameters Master { get; } = master;

    public override void BeginStep() => Master.Narrow();

    public override void SyncModel() => Master.Narrow();

    public override BatchScratch CreateScratch(int rows, int inputLength) => new Float32Scratch(rows, inputLength, model.ParameterCount, UsesLabels);

    public override double Example(int index, Span<double> gradient)
    {
        var example = _example ??= new Float32Scratch(1, Data.InputLength, model.ParameterCount, UsesLabels);
        TensorPrimitives.ConvertTruncating<double, float>(Data.Input(index), example.FloatInputs.Span);
        example.Gradient.Span.Clear();
        double loss = Gradient(example.FloatInputs.Span, index, example.Gradient.Span);
        AddWidened(example.Gradient.Span, gradient);
        return loss;
    }

    protected override double Batch(ReadOnlySpan<int> indices, ReadOnlySpan<double> inputs, BatchScratch scratch, Span<double> gradient)
    {
        var floats = (Float32Scratch)scratch;
        var x = floats.FloatInputs.Span.Slice(0, inputs.Length);
        TensorPrimitives.ConvertTruncating<double, float>(inputs, x);
        floats.Gradient.Span.Clear();
        double loss = GradientBatch(x, indices, floats, floats.Gradient.Span);
        AddWidened(floats.Gradient.Span, gradient);
        return loss;
    }

    /// <summary>The model's gradient of example <paramref name="index"/> at the float input <paramref name="x"/>.</summary>
    protected abstract double Gradient(ReadOnlySpan<float> x, int index, Span<float> gradient);

    /// <summary>The model's minibatch gradient of the examples <paramref name="indices"/>, whose inputs are the float rows <paramref name="inputs"/>.</summary>
    protected abstract double GradientBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> indices, Float32Scratch scratch, Span<float> gradient);

    /// <summary><c>target[i] += source[i]</c>, each float widened to double exactly.</summary>
    internal static void AddWidened(ReadOnlySpan<float> source, Span<double> target)
    {
        target = target[..source.Length];
        ref float s = ref MemoryMarshal.GetReference(source);
        ref double t = ref MemoryMarshal.GetReference(target);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + Vector512<float>.Count <= source.Length; i += Vector512<float>.Count)
            {
                var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref s, (nuint)i));
                (Vector512.LoadUnsafe(ref t, (nuint)i) + lower).StoreUnsafe(ref t, (nuint)i);
                (Vector512.LoadUnsafe(ref t, (nuint)(i + Vector512<double>.Count)) + upper).StoreUnsafe(ref t, (nuint)(i + Vector512<double>.Count));
            }
        for (; i < source.Length; i++) target[i] += source[i];
    }

    /// <summary>Rounds the inputs of examples <c>first .. first + count</c> into the first rows of <paramref name="inputs"/>, for a measurement's <c>ForwardBatch</c>.</summary>
    internal static Span<float> NarrowRows(Dataset data, int first, int count, float[] inputs)
    {
        var rows = inputs.AsSpan(0, count * data.InputLength);
        for (int k = 0; k < count; k++)
            TensorPrimitives.ConvertTruncating<double, float>(data.Input(first + k), rows.Slice(k * data.InputLength, data.InputLength));
        return rows;
    }
}

/// <summary>A float32 scalar model's gradients against real targets with loss <typeparamref name="TLoss"/>.</summary>
internal sealed class Float32Gradients<TLoss>(IModel<float> model, MasterParameters master, Dataset data) : Float32GradientSource(model, master, data) where TLoss : ILoss
{
    private readonly double[] _targets = data.Targets;

    public override bool UsesLabels => false;

    /// <summary>Rank-1 steps on the master θ when the model has large enough factored blocks, as for a float64 model.</summary>
    public override RankOneSteps? RankOneSteps(Segment[] segments)
    {
        if (model is not IFactoredGradient<float> factored || !SymGrad.RankOneSteps.PaysOff(model.Blocks, factored)) return null;
        FactoredGradientFunction<float> gradient = factored.GradientFactored<TLoss>;
        var example = new Float32FactoredExample(model, factored, Data, (x, index, sum, factors) => gradient(x, (float)_targets[index], sum, factors));
        return new SymGrad.RankOneSteps(model.Blocks, factored, example.Example, segments, Master);
    }

    protected override double Gradient(ReadOnlySpan<float> x, int index, Span<float> gradient) => model.Gradient<TLoss>(x, (float)_targets[index], gradient);

    protected override double GradientBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> indices, Float32Scratch scratch, Span<float> gradient)
    {
        var y = scratch.FloatTargets.AsSpan(0, indices.Length);
        for (int k = 0; k < indices.Length; k++) y[k] = (float)_targets[indices[k]];
        return model.GradientBatch<TLoss>(inputs, y, gradient);
    }
}

/// <summary>A float32 vector model's gradients against class labels with the class loss <typeparamref name="TLoss"/>; the labels are converted to ints once.</summary>
internal sealed class Float32ClassGradients<TLoss>(IVectorModel<float> model, MasterParameters master, Dataset data) : Float32GradientSource(model, master, data)
    where TLoss : IClassLoss
{
    private readonly int[] _labels = Array.ConvertAll(data.Targets, y => (int)y);

    public override bool UsesLabels => true;

    /// <summary>Rank-1 steps on the master θ when the model has large enough factored blocks, as for a float64 model.</summary>
    public override RankOneSteps? RankOneSteps(Segment[] segments)
    {
        if (model is not IFactoredClassGradient<float> factored || !SymGrad.RankOneSteps.PaysOff(model.Blocks, factored)) return null;
        FactoredClassGradientFunction<float> gradient = factored.GradientFactored<TLoss>;
        var example = new Float32FactoredExample(model, factored, Data, (x, index, sum, factors) => gradient(x, _labels[index], sum, factors));
        return new SymGrad.RankOneSteps(model.Blocks, factored, example.Example, segments, Master);
    }

    protected override double Gradient(ReadOnlySpan<float> x, int index, Span<float> gradient) => model.Gradient<TLoss>(x, _labels[index], gradient);

    protected override double GradientBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> indices, Float32Scratch scratch, Span<float> gradient) =>
        model.GradientBatch<TLoss>(inputs, Gather(_labels, indices, scratch.Labels), gradient);
}
