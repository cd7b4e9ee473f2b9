namespace SymGrad.Training.Tests.Support;

/// <summary>An <see cref="IVectorModel"/> that forwards every member to another, for test models that change one or two of them.</summary>
public abstract class ForwardingVectorModel(IVectorModel inner) : ForwardingParameters(inner), IVectorModel
{
    protected IVectorModel Inner => inner;

    public virtual void Forward(ReadOnlySpan<double> x, Span<double> scores) => inner.Forward(x, scores);
    public virtual void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> scores) => inner.ForwardBatch(inputs, scores);
    public int Predict(ReadOnlySpan<double> x) => inner.Predict(x);
    public double Gradient<TLoss>(ReadOnlySpan<double> x, int y, Span<double> gradient) where TLoss : IClassLoss => inner.Gradient<TLoss>(x, y, gradient);
    public double Gradient<TLoss>(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient) where TLoss : IVectorLoss => inner.Gradient<TLoss>(x, y, gradient);
    public double GradientBatch<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<int> labels, Span<double> gradient) where TLoss : IClassLoss =>
        inner.GradientBatch<TLoss>(inputs, labels, gradient);
    public void InputGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> seed, Span<double> gradient) => inner.InputGradient(x, seed, gradient);
    public abstract IVectorModel Clone();

    public int OutputLength => inner.OutputLength;
}
