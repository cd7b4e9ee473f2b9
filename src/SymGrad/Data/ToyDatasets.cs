namespace SymGrad;

/// <summary>
/// Seeded two-dimensional classification problems with targets ±1: the same arguments give the same data.
/// </summary>
public static class ToyDatasets
{
    /// <summary>The four corners of XOR: (±1, ±1), target +1 where the signs differ, −1 where they agree.</summary>
    public static Dataset Xor() => new(
        [[-1, -1], [-1, 1], [1, -1], [1, 1]],
        [-1, 1, 1, -1]);

    /// <summary>
    /// Two interleaved half circles (radius 1, the lower one shifted by (1, −0.5)) with Gaussian noise of
    /// standard deviation <paramref name="noise"/>; half the points per moon, the upper moon −1, the lower +1.
    /// </summary>
    public static Dataset TwoMoons(int count, double noise, int seed)
    {
        var random = Start(count, noise, seed);
        return Generate(count, random, (i, upper) =>
        {
            double t = Math.PI * random.NextDouble();
            return upper ? (Math.Cos(t), Math.Sin(t)) : (1 - Math.Cos(t), 0.5 - Math.Sin(t));
        }, noise);
    }

    /// <summary>
    /// Two concentric circles, the outer of radius 1 (target −1) and the inner of radius <paramref name="factor"/>
    /// (target +1), with Gaussian noise of standard deviation <paramref name="noise"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not strictly between 0 and 1.</exception>
    public static Dataset Circles(int count, double noise, int seed, double factor = 0.5)
    {
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The inner radius must lie strictly between 0 and 1.");
        var random = Start(count, noise, seed);
        return Generate(count, random, (i, outer) =>
        {
            double t = 2 * Math.PI * random.NextDouble();
            double r = outer ? 1.0 : factor;
            return (r * Math.Cos(t), r * Math.Sin(t));
        }, noise);
    }

    /// <summary>
    /// Two interleaved spirals, each turning <paramref name="turns"/> times around the origin out to radius 1,
    /// with Gaussian noise of standard deviation <paramref name="noise"/>; the first spiral −1, the second +1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="turns"/> is not positive and finite.</exception>
    public static Dataset Spirals(int count, double noise, int seed, double turns = 1.5)
    {
        if (!(turns > 0) || double.IsInfinity(turns)) throw new ArgumentOutOfRangeException(nameof(turns), turns, "The number of turns must be positive and finite.");
        var random = Start(count, noise, seed);
        return Generate(count, random, (i, first) =>
        {
            double r = 0.05 + 0.95 * random.NextDouble();
            double t = 2 * Math.PI * turns * r + (first ? 0 : Math.PI);
            return (r * Math.Cos(t), r * Math.Sin(t));
        }, noise);
    }

    private static Random Start(int count, double noise, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "The noise must be non-negative and finite.");
        return new Random(seed);
    }

    // Even examples come from the class whose point() flag is true (target −1), odd ones from the other (+1),
    // so the classes stay balanced; noise is added to both coordinates.
    private static Dataset Generate(int count, Random random, Func<int, bool, (double X, double Y)> point, double noise)
    {
        var inputs = new double[count][];
        var targets = new double[count];
        for (int i = 0; i < count; i++)
        {
            bool first = i % 2 == 0;
            var (x, y) = point(i, first);
            inputs[i] = [x + noise * Gaussian.Next(random), y + noise * Gaussian.Next(random)];
            targets[i] = first ? -1 : 1;
        }
        return new Dataset(inputs, targets);
    }
}
