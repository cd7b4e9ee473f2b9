using System.Numerics;

namespace SymGrad;

/// <summary>
/// Fills a model's parameters with random noise: never all zeros (the lecture's first rule of practice).
/// </summary>
public static class ParameterInitializer
{
    /// <summary>
    /// Sets every entry of each parameter block to a draw from N(0, σ²) with σ = <paramref name="scale"/>/√fan-in,
    /// where fan-in is a matrix's column count and a vector's length (1 for a scalar), from a generator seeded
    /// with <paramref name="seed"/>: the same seed gives the same θ. This is <see cref="InitializationScheme.LeCun"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive and finite.</exception>
    public static void Initialize<T>(IParameterized<T> model, int seed, double scale = 1.0) where T : unmanaged, IFloatingPointIeee754<T> =>
        Initialize(model, seed, scale, InitializationScheme.LeCun);

    /// <summary>
    /// Sets every entry of each parameter block to a draw from N(0, σ²), with σ chosen per block by
    /// <paramref name="scheme"/> and multiplied by <paramref name="scale"/> (the lecture's "amount of randomness
    /// in initialization"), from a generator seeded with <paramref name="seed"/>: the same seed gives the same θ.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="scale"/> is not positive and finite, or <paramref name="scheme"/> is not a defined scheme.
    /// </exception>
    public static void Initialize<T>(IParameterized<T> model, int seed, double scale, InitializationScheme scheme) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Enum.IsDefined(scheme)) throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown initialisation scheme.");
        Initialize(model, seed, scale, Enumerable.Repeat(scheme, model.Blocks.Count).ToArray());
    }

    /// <summary>
    /// As <see cref="Initialize{T}(IParameterized{T}, int, double, InitializationScheme)"/>, with a scheme per block in the order of
    /// <see cref="IParameterized{T}.Blocks"/>. A generated model's <c>Initialize</c> passes its <c>DefaultSchemes</c>, chosen from
    /// what each block feeds (He before ReLU, LeCun otherwise).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="schemes"/> does not have one entry per block.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive and finite, or a scheme is not defined.</exception>
    public static void Initialize<T>(IParameterized<T> model, int seed, double scale, IReadOnlyList<InitializationScheme> schemes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schemes);
        if (!(scale > 0) || double.IsInfinity(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The initialisation scale must be positive and finite.");
        if (schemes.Count != model.Blocks.Count)
            throw new ArgumentException($"Expected one scheme per block ({model.Blocks.Count}), got {schemes.Count}.", nameof(schemes));
        foreach (var scheme in schemes)
            if (!Enum.IsDefined(scheme)) throw new ArgumentOutOfRangeException(nameof(schemes), scheme, "Unknown initialisation scheme.");
        var random = new Random(seed);
        Span<T> theta = model.Parameters;
        for (int k = 0; k < schemes.Count; k++)
        {
            var block = model.Blocks[k];
            double sigma = scale * StandardDeviation(block, schemes[k]);
            // Drawn in double whatever the element type: a float32 model gets the float64 model's θ of the same seed, rounded.
            foreach (ref T value in theta.Slice(block.Offset, block.Length)) value = T.CreateTruncating(sigma * Gaussian.Next(random));
        }
    }

    private static double StandardDeviation(ParameterBlock block, InitializationScheme scheme)
    {
        bool matrix = block.IsMatrix;
        double fanIn = matrix ? block.Columns : block.Rows;
        double fanOut = block.Rows;
        return scheme switch
        {
            InitializationScheme.Glorot => Math.Sqrt(2.0 / (fanIn + fanOut)),
            InitializationScheme.He => Math.Sqrt(2.0 / fanIn),
            _ => 1.0 / Math.Sqrt(fanIn),
        };
    }
}
