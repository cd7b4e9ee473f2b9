using System.ComponentModel;

namespace SymGrad;

/// <summary>
/// The target of a vector model's loss, either a class label or a target vector of the model's element type
/// <typeparamref name="T"/>, so that one generated <c>Gradient</c> body serves both public overloads. Not meant to be
/// used by user code.
/// </summary>
/// <param name="label">The class label, for an <see cref="IClassLoss"/>.</param>
/// <param name="values">The target vector, for an <see cref="IVectorLoss"/>.</param>
/// <typeparam name="T">The model's element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct ScoreTarget<T>(int label, ReadOnlySpan<T> values)
{
    /// <summary>The class label (0 for a target vector).</summary>
    public int Label { get; } = label;

    /// <summary>The target vector (empty for a class label).</summary>
    public ReadOnlySpan<T> Values { get; } = values;
}

/// <summary>
/// A loss of K scores against a <see cref="ScoreTarget{T}"/>: what the one <c>Gradient</c> body of a generated vector model
/// calls. <see cref="ClassScoreLoss{TLoss}"/> and <see cref="VectorScoreLoss{TLoss}"/> adapt the public losses; as
/// structs they let the JIT compile, and inline, that body once per loss. Not meant to be used by user code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IScoreLoss
{
    /// <summary>The loss value <c>L(s, y)</c>.</summary>
    static abstract double Value(ReadOnlySpan<double> scores, ScoreTarget<double> y);

    /// <summary>Writes <c>s̄ = ∂L/∂s</c> into <paramref name="seed"/> (length K, overwritten).</summary>
    static abstract void Derivative(ReadOnlySpan<double> scores, ScoreTarget<double> y, Span<double> seed);
}

/// <summary>A class loss read through <see cref="IScoreLoss"/>: its target is <see cref="ScoreTarget{T}.Label"/>.</summary>
/// <typeparam name="TLoss">The class loss.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ClassScoreLoss<TLoss> : IScoreLoss where TLoss : IClassLoss
{
    /// <inheritdoc/>
    public static double Value(ReadOnlySpan<double> scores, ScoreTarget<double> y) => TLoss.Value(scores, y.Label);

    /// <inheritdoc/>
    public static void Derivative(ReadOnlySpan<double> scores, ScoreTarget<double> y, Span<double> seed) => TLoss.Derivative(scores, y.Label, seed);
}

/// <summary>A vector loss read through <see cref="IScoreLoss"/>: its target is <see cref="ScoreTarget{T}.Values"/>.</summary>
/// <typeparam name="TLoss">The loss against a target vector.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct VectorScoreLoss<TLoss> : IScoreLoss where TLoss : IVectorLoss
{
    /// <inheritdoc/>
    public static double Value(ReadOnlySpan<double> scores, ScoreTarget<double> y) => TLoss.Value(scores, y.Values);

    /// <inheritdoc/>
    public static void Derivative(ReadOnlySpan<double> scores, ScoreTarget<double> y, Span<double> seed) => TLoss.Derivative(scores, y.Values, seed);
}
