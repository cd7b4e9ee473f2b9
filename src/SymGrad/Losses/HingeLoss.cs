namespace SymGrad;

/// <summary>
/// Hinge loss <c>L = max(0, 1 − y·g)</c> for labels y ∈ {−1, +1}. Its derivative is −y where y·g &lt; 1 and 0 where
/// y·g &gt; 1; at the kink y·g = 1 the subgradient 0 is used (a correctly classified example with margin 1 is left alone).
/// </summary>
public readonly struct HingeLoss : IBinaryLoss
{
    /// <inheritdoc/>
    public static double Value(double g, double y) => Math.Max(0, 1 - y * g);

    /// <inheritdoc/>
    public static double Derivative(double g, double y) => y * g < 1 ? -y : 0.0;
}
