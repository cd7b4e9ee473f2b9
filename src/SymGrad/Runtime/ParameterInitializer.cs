namespace SymGrad;

/// <summary>
/// Fills a model's parameters with random noise: never all zeros (the lecture's first rule of practice).
/// </summary>
public static class ParameterInitializer
{
    /// <summary>
    /// Sets every entry of each parameter block to a draw from N(0, σ²) with σ = <paramref name="scale"/>/√fan-in,
    /// where fan-in is a matrix's column count and a vector's length (1 for a scalar), from a generator seeded
    /// with <paramref name="seed"/>: the same seed gives the same θ.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive and finite.</exception>
    public static void Initialize(IModel model, int seed, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(scale > 0) || double.IsInfinity(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The initialisation scale must be positive and finite.");
        var random = new Random(seed);
        Span<double> theta = model.Parameters;
        foreach (var block in model.Blocks)
        {
            int fanIn = block.Columns > 1 ? block.Columns : block.Rows;
            double sigma = scale / Math.Sqrt(fanIn);
            foreach (ref double value in theta.Slice(block.Offset, block.Length)) value = sigma * NextGaussian(random);
        }
    }

    private static double NextGaussian(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm finite.
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
