namespace SymGrad;

/// <summary>
/// Softmax cross-entropy <c>L(s, y) = log Σₖ e^(sₖ) − s_y</c>, the negative log-likelihood of class y under
/// softmax(s), with <c>s̄ = softmax(s) − e_y</c>. Both are computed shifted by max(s), so scores of ±1e300 give finite
/// values: no overflow, NaN or infinity (the loss itself may be as large as the scores' spread).
/// </summary>
public readonly struct SoftmaxCrossEntropy : IClassLoss
{
    /// <inheritdoc/>
    public static double Value(ReadOnlySpan<double> scores, int y) => Kernels.LogSumExp(scores) - scores[y];

    /// <inheritdoc/>
    public static void Derivative(ReadOnlySpan<double> scores, int y, Span<double> seed)
    {
        Kernels.Softmax(scores, seed);
        seed[y] -= 1.0;
    }
}
