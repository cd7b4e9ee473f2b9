namespace SymGrad;

/// <summary>
/// Memory for a generated model's θ: a pinned array in which θ's values start on a 64-byte boundary (one cache line, one
/// <c>Vector512</c>), so that the first weight matrix's rows and every vector pass over θ load and store whole lines.
/// <c>new double[n]</c> puts θ anywhere within a line, by the luck of each process; on the mnist-shaped model a θ 24
/// bytes off trained 1.2× slower at batch 1 than the same model aligned (docs/benchmarks.md). Generated models call it;
/// you need it only to write a model class by hand.
/// </summary>
public static class ParameterStorage
{
    /// <summary>The most values <see cref="Allocate"/> takes: an array's limit less the room for the alignment.</summary>
    public static int MaxLength => Array.MaxLength - AlignedArrays.Alignment;

    /// <summary>
    /// A zeroed pinned array with room for <paramref name="length"/> values from <paramref name="start"/> on, the entry
    /// at <paramref name="start"/> lying at an address that is a multiple of 64 bytes. The array never moves, so the
    /// alignment holds for its lifetime.
    /// </summary>
    /// <typeparam name="T">The element type, <see cref="double"/> or <see cref="float"/> for a model.</typeparam>
    /// <param name="length">The number of values; not negative.</param>
    /// <param name="start">The index of the first value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or above <see cref="MaxLength"/>.</exception>
    public static T[] Allocate<T>(int length, out int start) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        return AlignedArrays.Allocate<T>(length, out start, zeroed: true);
    }
}
