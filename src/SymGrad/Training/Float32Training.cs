using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

/// <summary>
/// The float64 master copy of a float32 model's θ, which the optimizer steps (mixed-precision training): the training
/// loop sees it as an ordinary float64 <see cref="IParameterized"/>, and <see cref="Narrow"/> rounds it into the model
/// before each step's forward and backward passes and at the end of the run. Small updates that float32 would round
/// away (η·g below half an ulp of θ) accumulate in the master instead of being lost.
/// </summary>
internal sealed class MasterParameters : IParameterized
{
    private readonly IModel<float> _model;
    private readonly double[] _theta;

    public MasterParameters(IModel<float> model)
    {
        _model = model;
        _theta = new double[model.ParameterCount];
        TensorPrimitives.ConvertTruncating<float, double>(model.Parameters, _theta);
    }

    public string Name => _model.Name;

    public string FullName => _model.FullName;

    public int InputLength => _model.InputLength;

    public int ParameterCount => _theta.Length;

    public Span<double> Parameters => _theta;

    public IReadOnlyList<ParameterBlock> Blocks => _model.Blocks;

    /// <summary>Rounds the master θ to the nearest floats, into the model.</summary>
    public void Narrow() => TensorPrimitives.ConvertTruncating<double, float>(_theta, _model.Parameters);
}

/// <summary>A thread's float copies of a minibatch piece and its gradient, next to the float64 gather buffers.</summary>
internal sealed class Float32Scratch(int rows, int inputLength, int parameterCount) : BatchScratch(rows, inputLength, labels: false)
{
    public float[] FloatInputs { get; } = new float[rows * inputLength];

    public float[] FloatTargets { get; } = new float[rows];

    public float[] Gradient { get; } = new float[parameterCount];
}

/// <summary>
/// A float32 model's gradients for the float64 training loop: θ is narrowed from the master once per step
/// (<see cref="BeginStep"/>, before the parallel chunks start), each piece's inputs and targets are narrowed into
/// float scratch, the model's float <c>GradientBatch</c> sums into a float buffer, and that is widened and added into the
/// run's double gradient. The loss is evaluated in double, as for every model.
/// </summary>
internal sealed class Float32Gradients<TLoss>(IModel<float> model, MasterParameters master, Dataset data) : GradientSource(data) where TLoss : ILoss
{
    private readonly double[] _targets = data.Targets;
    private readonly Float32Scratch _example = new(1, data.InputLength, model.ParameterCount);

    public override bool UsesLabels => false;

    public override void BeginStep() => master.Narrow();

    public override BatchScratch CreateScratch(int rows, int inputLength) => new Float32Scratch(rows, inputLength, model.ParameterCount);

    public override double Example(int index, Span<double> gradient)
    {
        TensorPrimitives.ConvertTruncating<double, float>(Data.Input(index), _example.FloatInputs);
        _example.Gradient.AsSpan().Clear();
        double loss = model.Gradient<TLoss>(_example.FloatInputs, (float)_targets[index], _example.Gradient);
        AddWidened(_example.Gradient, gradient);
        return loss;
    }

    protected override double Batch(ReadOnlySpan<int> indices, ReadOnlySpan<double> inputs, BatchScratch scratch, Span<double> gradient)
    {
        var floats = (Float32Scratch)scratch;
        var x = floats.FloatInputs.AsSpan(0, inputs.Length);
        var y = floats.FloatTargets.AsSpan(0, indices.Length);
        TensorPrimitives.ConvertTruncating<double, float>(inputs, x);
        for (int k = 0; k < indices.Length; k++) y[k] = (float)_targets[indices[k]];
        floats.Gradient.AsSpan().Clear();
        double loss = model.GradientBatch<TLoss>(x, y, floats.Gradient);
        AddWidened(floats.Gradient, gradient);
        return loss;
    }

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

    /// <summary>Accuracy (sign of the score against ±1 targets) and mean loss of the model at the master's θ, through float <c>ForwardBatch</c>.</summary>
    public static (double Accuracy, double MeanLoss) Measure(IModel<float> model, MasterParameters master, Dataset data, float[] inputs, float[] scores)
    {
        master.Narrow();
        int rows = scores.Length, correct = 0;
        double sum = 0;
        for (int first = 0; first < data.Count; first += rows)
        {
            int count = Math.Min(rows, data.Count - first);
            var x = inputs.AsSpan(0, count * data.InputLength);
            for (int k = 0; k < count; k++)
                TensorPrimitives.ConvertTruncating<double, float>(data.Input(first + k), x.Slice(k * data.InputLength, data.InputLength));
            model.ForwardBatch(x, scores.AsSpan(0, count));
            for (int k = 0; k < count; k++)
            {
                double score = scores[k], target = data.Targets[first + k];
                if (Ops.Sign(score) == Ops.Sign(target)) correct++;
                sum += TLoss.Value(score, target);
            }
        }
        return ((double)correct / data.Count, sum / data.Count);
    }
}
