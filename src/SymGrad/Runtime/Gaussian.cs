namespace SymGrad;

/// <summary>Standard normal draws from a seeded <see cref="Random"/>, shared by initialisation and the toy data.</summary>
internal static class Gaussian
{
    /// <summary>One draw from N(0, 1) by Box–Muller.</summary>
    public static double Next(Random random)
    {
        // 1 − u keeps the logarithm finite.
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
