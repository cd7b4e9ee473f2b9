namespace SymGrad;

/// <summary>Squared loss against a target vector, <c>L(s, y) = Σₖ (yₖ − sₖ)²</c>, with <c>s̄ = −2 (y − s)</c> (multi-output regression).</summary>
public readonly struct VectorSquaredLoss : IVectorLoss
{
    /// <inheritdoc/>
    public static double Value(ReadOnlySpan<double> scores, ReadOnlySpan<double> y) => Kernels.SqDist(y, scores);

    /// <inheritdoc/>
    public static void Derivative(ReadOnlySpan<double> scores, ReadOnlySpan<double> y, Span<double> seed)
    {
        for (int k = 0; k < seed.Length; k++) seed[k] = -2.0 * (y[k] - scores[k]);
    }
}
