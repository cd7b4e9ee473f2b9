namespace SymGrad;

/// <summary>
/// A per-example loss <c>L(s, y)</c> of a vector model's K scores <c>s</c> against a class label <c>y</c> in 0..K−1.
/// Static abstract members let the JIT inline the loss into a generated <c>Gradient&lt;TLoss&gt;</c>.
/// </summary>
public interface IClassLoss
{
    /// <summary>The loss value <c>L(s, y)</c>.</summary>
    static abstract double Value(ReadOnlySpan<double> scores, int y);

    /// <summary>Writes the seed of the backward pass, <c>s̄ = ∂L/∂s</c>, into <paramref name="seed"/> (length K, overwritten).</summary>
    static abstract void Derivative(ReadOnlySpan<double> scores, int y, Span<double> seed);
}

/// <summary>
/// A per-example loss <c>L(s, y)</c> of a vector model's K scores <c>s</c> against a real-valued target vector <c>y</c>
/// of length K (multi-output regression).
/// </summary>
public interface IVectorLoss
{
    /// <summary>The loss value <c>L(s, y)</c>.</summary>
    static abstract double Value(ReadOnlySpan<double> scores, ReadOnlySpan<double> y);

    /// <summary>Writes <c>s̄ = ∂L/∂s</c> into <paramref name="seed"/> (length K, overwritten).</summary>
    static abstract void Derivative(ReadOnlySpan<double> scores, ReadOnlySpan<double> y, Span<double> seed);
}
