namespace SymGrad.Training.Tests.Support;

/// <summary>An <see cref="IModel"/> that forwards every member to another, for test models that change one or two of them.</summary>
public abstract class ForwardingModel(IModel inner) : ForwardingParameters(inner), IModel
{
    protected IModel Inner => inner;

    public virtual double Gradient<TLoss>(ReadOnlySpan<double> x, double y, Span<double> gradient) where TLoss : ILoss => inner.Gradient<TLoss>(x, y, gradient);

    public virtual double GradientBatch<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient) where TLoss : ILoss =>
        inner.GradientBatch<TLoss>(inputs, targets, gradient);

    public abstract IModel Clone();

    public ForwardGraph ForwardGraph => inner.ForwardGraph;
    public virtual double Forward(ReadOnlySpan<double> x) => inner.Forward(x);
    public virtual void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> scores) => inner.ForwardBatch(inputs, scores);
    public void InputGradient(ReadOnlySpan<double> x, Span<double> gradient) => inner.InputGradient(x, gradient);
}
