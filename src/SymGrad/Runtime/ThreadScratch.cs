namespace SymGrad;

/// <summary>
/// The arrays a thread keeps for itself (<see cref="Workspace{TModel, T}"/>, the GEMM's pack buffers). A training run's
/// helper threads live for one <c>Sgd.Train</c> call; were each call's new helpers to allocate these anew, a two-thread
/// mnist-shaped call would cost about 2 MB of pinned memory and a collection of every generation (docs/benchmarks.md).
/// So a helper gives them to <see cref="AlignedArrayCache{T}"/> as it stops (<see cref="Release"/>), and any thread's
/// first allocation of a length takes a cached array of that length.
/// </summary>
internal static class ThreadScratch
{
    /// <summary>How to give back the arrays this thread allocated, if it is one that gives them back (else null).</summary>
    [ThreadStatic]
    private static List<Action>? t_release;

    /// <summary>Marks the calling thread as one that calls <see cref="Release"/> before it ends.</summary>
    public static void ReleasesOnExit() => t_release ??= [];

    /// <summary>
    /// A pinned array with room for <paramref name="length"/> values from <paramref name="offset"/>, a 64-byte boundary
    /// (<see cref="AlignedArrays"/>): a cached one if there is one of that size, else a new one; its values are not cleared.
    /// </summary>
    public static T[] Allocate<T>(int length, out int offset) where T : unmanaged
    {
        var array = AlignedArrayCache<T>.Take(AlignedArrays.AllocatedLength<T>(length));
        if (array is null) array = AlignedArrays.Allocate<T>(length, out offset);
        else offset = AlignedArrays.AlignedOffset(array);
        t_release?.Add(() => AlignedArrayCache<T>.Give(array));
        return array;
    }

    /// <summary>
    /// Gives every array this thread allocated to the cache. Call only as the thread ends, when nothing on it will read
    /// or write them again: its thread-static fields still point to them.
    /// </summary>
    public static void Release()
    {
        if (t_release is not { } release) return;
        t_release = null;
        foreach (var give in release) give();
    }
}
