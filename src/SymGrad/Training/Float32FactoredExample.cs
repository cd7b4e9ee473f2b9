using System.Numerics.Tensors;

namespace SymGrad;

/// <summary>A float32 model's <c>GradientFactored</c> on a float input against example <c>index</c>'s target, bound once per run.</summary>
internal delegate double Float32FactoredCall(ReadOnlySpan<float> x, int index, Span<float> gradient, Span<float> factors);

/// <summary>
/// A float32 model's factored gradient of one example, for the rank-1 step (<see cref="RankOneSteps"/>): the input is
/// rounded to float, the model's <c>GradientFactored</c> writes the dense blocks' float gradient and the factors, and
/// both are widened exactly into the run's float64 gradient and factors. Only the dense blocks' entries of the float
/// gradient are ever written (a factored block's are not touched), so only they are cleared and widened.
/// </summary>
internal sealed class Float32FactoredExample
{
    private readonly Float32FactoredCall _gradient;
    private readonly Dataset _data;
    private readonly float[] _x;
    private readonly float[] _floatGradient;
    private readonly float[] _floatFactors;
    private readonly ParameterBlock[] _dense;

    public Float32FactoredExample(IParameterized<float> model, IFactoredBlocks factored, Dataset data, Float32FactoredCall gradient)
    {
        (_gradient, _data) = (gradient, data);
        _x = new float[data.InputLength];
        _floatGradient = new float[model.ParameterCount];
        _floatFactors = new float[factored.FactorLength];
        _dense = [.. model.Blocks.Where((_, b) => factored.FactoredBlocks.All(f => f.Block != b))];
    }

    /// <summary>Adds example <paramref name="index"/>'s dense gradient into <paramref name="gradient"/>, writes the factors, returns the loss.</summary>
    public double Example(int index, Span<double> gradient, Span<double> factors)
    {
        TensorPrimitives.ConvertTruncating<double, float>(_data.Input(index), _x);
        foreach (var block in _dense) _floatGradient.AsSpan(block.Offset, block.Length).Clear();
        double loss = _gradient(_x, index, _floatGradient, _floatFactors);
        foreach (var block in _dense)
            Float32GradientSource.AddWidened(_floatGradient.AsSpan(block.Offset, block.Length), gradient.Slice(block.Offset, block.Length));
        TensorPrimitives.ConvertTruncating<float, double>(_floatFactors, factors);
        return loss;
    }
}
