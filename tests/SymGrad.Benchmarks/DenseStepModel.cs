namespace SymGrad.Benchmarks;

/// <summary>
/// A float64 model behind an <see cref="IModel"/> that forwards every member but offers no factored gradients, so
/// <c>Sgd.Train</c> takes the dense step (the gradient written, checked and stepped in passes over θ): the baseline of
/// the factored steps (<see cref="IFactoredGradient"/>, <see cref="IFactoredBatchGradient{T}"/>) in the same run.
/// </summary>
public sealed class DenseStepModel(IModel inner) : IModel
{
    public string Name => inner.Name;
    public string FullName => inner.FullName;
    public int InputLength => inner.InputLength;
    public int ParameterCount => inner.ParameterCount;
    public Span<double> Parameters => inner.Parameters;
    public IReadOnlyList<ParameterBlock> Blocks => inner.Blocks;
    public ForwardGraph ForwardGraph => inner.ForwardGraph;
    public IModel Clone() => new DenseStepModel(inner.Clone());
    public double Forward(ReadOnlySpan<double> x) => inner.Forward(x);
    public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> scores) => inner.ForwardBatch(inputs, scores);
    public double Gradient<TLoss>(ReadOnlySpan<double> x, double y, Span<double> gradient) where TLoss : ILoss => inner.Gradient<TLoss>(x, y, gradient);
    public double GradientBatch<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient) where TLoss : ILoss =>
        inner.GradientBatch<TLoss>(inputs, targets, gradient);
    public void InputGradient(ReadOnlySpan<double> x, Span<double> gradient) => inner.InputGradient(x, gradient);
}

/// <summary>The same for a float64 classifier (<see cref="IVectorModel"/>): no factored class gradients, so every step dense.</summary>
public sealed class DenseStepClassifier(IVectorModel inner) : IVectorModel
{
    public string Name => inner.Name;
    public string FullName => inner.FullName;
    public int InputLength => inner.InputLength;
    public int OutputLength => inner.OutputLength;
    public int ParameterCount => inner.ParameterCount;
    public Span<double> Parameters => inner.Parameters;
    public IReadOnlyList<ParameterBlock> Blocks => inner.Blocks;
    public IVectorModel Clone() => new DenseStepClassifier(inner.Clone());
    public void Forward(ReadOnlySpan<double> x, Span<double> scores) => inner.Forward(x, scores);
    public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> scores) => inner.ForwardBatch(inputs, scores);
    public int Predict(ReadOnlySpan<double> x) => inner.Predict(x);
    public double Gradient<TLoss>(ReadOnlySpan<double> x, int y, Span<double> gradient) where TLoss : IClassLoss => inner.Gradient<TLoss>(x, y, gradient);
    public double Gradient<TLoss>(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient) where TLoss : IVectorLoss => inner.Gradient<TLoss>(x, y, gradient);
    public double GradientBatch<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<int> labels, Span<double> gradient) where TLoss : IClassLoss =>
        inner.GradientBatch<TLoss>(inputs, labels, gradient);
    public void InputGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> seed, Span<double> gradient) => inner.InputGradient(x, seed, gradient);
}
