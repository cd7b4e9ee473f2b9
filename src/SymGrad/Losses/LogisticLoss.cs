namespace SymGrad;

/// <summary>
/// Logistic loss <c>L = log(1 + e^(−y·g))</c> for labels y ∈ {−1, +1}, with <c>ḡ = −y / (1 + e^(y·g))</c>.
/// Computed without overflow for any |g|: log(1 + eᶻ) is evaluated as max(z, 0) + log(1 + e^(−|z|)).
/// </summary>
public readonly struct LogisticLoss : IBinaryLoss
{
    /// <inheritdoc/>
    public static double Value(double g, double y)
    {
        double z = -y * g;
        return Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
    }

    /// <inheritdoc/>
    public static double Derivative(double g, double y) => -y / (1 + Math.Exp(y * g));
}
