namespace SymGrad.Training.Tests.Support;

/// <summary>
/// An <see cref="IModel{T}"/> of float that forwards every member to another. By itself it offers no
/// <see cref="IFactoredGradient{T}"/>, so training it takes the dense step.
/// </summary>
public class ForwardingFloat32Model(IModel<float> inner) : ForwardingParameters<float>(inner), IModel<float>
{
    protected IModel<float> Inner => inner;

    public ForwardGraph ForwardGraph => inner.ForwardGraph;

    public virtual IModel<float> Clone() => new ForwardingFloat32Model(inner.Clone());
    public float Forward(ReadOnlySpan<float> x) => inner.Forward(x);
    public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> scores) => inner.ForwardBatch(inputs, scores);
    public double Gradient<TLoss>(ReadOnlySpan<float> x, float y, Span<float> gradient) where TLoss : ILoss => inner.Gradient<TLoss>(x, y, gradient);
    public double GradientBatch<TLoss>(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradient) where TLoss : ILoss =>
        inner.GradientBatch<TLoss>(inputs, targets, gradient);
    public void InputGradient(ReadOnlySpan<float> x, Span<float> gradient) => inner.InputGradient(x, gradient);
}
