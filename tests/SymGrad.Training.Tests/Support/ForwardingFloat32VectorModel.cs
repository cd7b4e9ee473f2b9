namespace SymGrad.Training.Tests.Support;

/// <summary>
/// An <see cref="IVectorModel{T}"/> of float that forwards every member to another. By itself it offers no
/// <see cref="IFactoredClassGradient{T}"/>, so training it takes the dense step.
/// </summary>
public class ForwardingFloat32VectorModel(IVectorModel<float> inner) : ForwardingParameters<float>(inner), IVectorModel<float>
{
    protected IVectorModel<float> Inner => inner;

    public int OutputLength => inner.OutputLength;

    public virtual IVectorModel<float> Clone() => new ForwardingFloat32VectorModel(inner.Clone());
    public void Forward(ReadOnlySpan<float> x, Span<float> scores) => inner.Forward(x, scores);
    public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> scores) => inner.ForwardBatch(inputs, scores);
    public int Predict(ReadOnlySpan<float> x) => inner.Predict(x);
    public double Gradient<TLoss>(ReadOnlySpan<float> x, int y, Span<float> gradient) where TLoss : IClassLoss => inner.Gradient<TLoss>(x, y, gradient);
    public double Gradient<TLoss>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> gradient) where TLoss : IVectorLoss => inner.Gradient<TLoss>(x, y, gradient);
    public double GradientBatch<TLoss>(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradient) where TLoss : IClassLoss =>
        inner.GradientBatch<TLoss>(inputs, labels, gradient);
    public void InputGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> seed, Span<float> gradient) => inner.InputGradient(x, seed, gradient);
}
