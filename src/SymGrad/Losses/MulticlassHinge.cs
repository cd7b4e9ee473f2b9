namespace SymGrad;

/// <summary>
/// The Crammer–Singer multi-class hinge loss <c>L(s, y) = max(0, 1 + max_{k≠y} sₖ − s_y)</c>: zero once the true class's
/// score beats every other by a margin of 1. Its subgradient is +1 at the most offending class k* (the lowest index on a
/// tie) and −1 at y where the margin is violated (1 + s_k* − s_y &gt; 0), and 0 everywhere otherwise, including at the kink.
/// </summary>
public readonly struct MulticlassHinge : IClassLoss
{
    /// <inheritdoc/>
    public static double Value(ReadOnlySpan<double> scores, int y)
    {
        int k = Rival(scores, y);
        return Math.Max(0.0, 1.0 + scores[k] - scores[y]);
    }

    /// <inheritdoc/>
    public static void Derivative(ReadOnlySpan<double> scores, int y, Span<double> seed)
    {
        seed.Clear();
        int k = Rival(scores, y);
        if (k != y && 1.0 + scores[k] - scores[y] > 0)
        {
            seed[k] = 1.0;
            seed[y] = -1.0;
        }
    }

    /// <summary>The highest-scoring class other than y (the lowest index on a tie); y itself when K = 1.</summary>
    private static int Rival(ReadOnlySpan<double> scores, int y)
    {
        int best = -1;
        for (int k = 0; k < scores.Length; k++)
            if (k != y && (best < 0 || scores[k] > scores[best])) best = k;
        return best < 0 ? y : best;
    }
}
