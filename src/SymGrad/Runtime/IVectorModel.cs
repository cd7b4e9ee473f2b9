using System.Numerics;

namespace SymGrad;

/// <summary>
/// What a generated model whose <c>[Model]</c> method returns a <c>Vec</c> of K scores offers, in its element type
/// <typeparamref name="T"/>: K-class classification (<see cref="Predict"/>, a
/// <see cref="Gradient{TLoss}(ReadOnlySpan{T}, int, Span{T})"/> against a class label) and multi-output regression (a
/// gradient against a target vector). Every method allocates nothing and, as for <see cref="IModel"/>, may run on many
/// threads at once. <see cref="IVectorModel"/> is the float64 one; a float32 vector model
/// (<c>[Model(Precision = Precision.Float32)]</c>) is an <c>IVectorModel&lt;float&gt;</c>. Losses are evaluated in
/// double whatever <typeparamref name="T"/> (a float32 model widens its K scores for the loss and narrows ∂L/∂s back), so
/// the loss a gradient returns is a double.
/// </summary>
/// <typeparam name="T">The element type of θ, inputs, scores and target vectors.</typeparam>
public interface IVectorModel<T> : IParameterized<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>K, the number of scores the model returns (for a classifier, the number of classes).</summary>
    int OutputLength { get; }

    /// <summary>An independent copy: the same dimensions and a copy of θ, sharing no memory with this model.</summary>
    IVectorModel<T> Clone();

    /// <summary>Writes the K scores s = f(x) into <paramref name="scores"/>, which must have length <see cref="OutputLength"/>.</summary>
    void Forward(ReadOnlySpan<T> x, Span<T> scores);

    /// <summary>
    /// The class of <paramref name="x"/>: the index of its highest score (argmax), the lowest such index on a tie.
    /// Throws when a score is NaN, since there is then no class.
    /// </summary>
    int Predict(ReadOnlySpan<T> x);

    /// <summary>
    /// Computes the loss of the scores f(x) against the class <paramref name="y"/> (0 ≤ y &lt; K), adds <c>∂L/∂θ</c>
    /// into <paramref name="gradient"/> and returns the loss.
    /// </summary>
    double Gradient<TLoss>(ReadOnlySpan<T> x, int y, Span<T> gradient) where TLoss : IClassLoss;

    /// <summary>
    /// Computes the loss of the scores f(x) against the real-valued target vector <paramref name="y"/> (length K), adds
    /// <c>∂L/∂θ</c> into <paramref name="gradient"/> and returns the loss.
    /// </summary>
    double Gradient<TLoss>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> gradient) where TLoss : IVectorLoss;

    /// <summary>
    /// Adds the vector–Jacobian product <c>seedᵀ ∂s/∂x = Σₖ seed[k] ∂sₖ/∂x</c> into <paramref name="gradient"/> (length
    /// <see cref="IParameterized{T}.InputLength"/>): with seed = eₖ it is the saliency ∂sₖ/∂x
    /// (<see cref="InputGradients.Saliency"/>), with seed = ∂L/∂s the loss's ∂L/∂x (<see cref="InputGradients.LossGradient"/>).
    /// </summary>
    void InputGradient(ReadOnlySpan<T> x, ReadOnlySpan<T> seed, Span<T> gradient);

    /// <summary>
    /// The scores of a minibatch: <paramref name="inputs"/> holds B inputs row-major (B ×
    /// <see cref="IParameterized{T}.InputLength"/>) and <paramref name="scores"/> receives B × K scores, row-major.
    /// </summary>
    /// <remarks>The default runs <see cref="Forward(ReadOnlySpan{T}, Span{T})"/> per example; a generated model may replace it with matrix–matrix products.</remarks>
    /// <exception cref="ArgumentException">The inputs are not B whole rows, or the scores are not B × K; nothing has been written.</exception>
    void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> scores)
    {
        int count = Kernels.BatchCount(inputs.Length, InputLength, scores.Length / OutputLength, nameof(inputs), nameof(scores));
        Kernels.CheckLength(scores.Length, count * OutputLength, nameof(scores), "The scores");
        for (int i = 0; i < count; i++)
            Forward(inputs.Slice(i * InputLength, InputLength), scores.Slice(i * OutputLength, OutputLength));
    }

    /// <summary>
    /// The minibatch form of <see cref="Gradient{TLoss}(ReadOnlySpan{T}, int, Span{T})"/>: adds the sum of the B
    /// examples' <c>∂L/∂θ</c> into <paramref name="gradient"/> and returns the sum of their losses. <paramref name="inputs"/>
    /// holds the B inputs row-major, <paramref name="labels"/> their B classes.
    /// </summary>
    /// <remarks>The default runs the per-example gradient; a generated model may replace it with matrix–matrix products.</remarks>
    /// <exception cref="ArgumentException">An argument has the wrong length, or a label is outside 0..K−1; nothing has been written.</exception>
    double GradientBatch<TLoss>(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels, Span<T> gradient) where TLoss : IClassLoss
    {
        int count = Kernels.BatchCount(inputs.Length, InputLength, labels.Length, nameof(inputs), nameof(labels));
        Kernels.CheckLength(gradient.Length, ParameterCount, nameof(gradient), "The gradient");
        Kernels.CheckLabels(labels, OutputLength, nameof(labels));
        double loss = 0;
        for (int i = 0; i < count; i++) loss += Gradient<TLoss>(inputs.Slice(i * InputLength, InputLength), labels[i], gradient);
        return loss;
    }
}

/// <summary>
/// The float64 vector model (<see cref="IVectorModel{T}"/> of <see cref="double"/>): what the training, evaluation and
/// restart tools of the runtime take.
/// </summary>
public interface IVectorModel : IVectorModel<double>, IParameterized
{
    /// <summary>An independent copy: the same dimensions and a copy of θ, sharing no memory with this model.</summary>
    new IVectorModel Clone();

    IVectorModel<double> IVectorModel<double>.Clone() => Clone();
}
