namespace SymGrad;

/// <summary>Squared loss <c>L = (y − g)²</c>, with <c>ḡ = −2 (y − g)</c>.</summary>
public readonly struct SquaredLoss : ILoss
{
    /// <inheritdoc/>
    public static double Value(double g, double y)
    {
        double r = y - g;
        return r * r;
    }

    /// <inheritdoc/>
    public static double Derivative(double g, double y) => -2.0 * (y - g);
}
