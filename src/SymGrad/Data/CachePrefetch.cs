using System.Runtime.Intrinsics.X86;

namespace SymGrad;

/// <summary>
/// A hint that asks the processor to start loading values into its level-1 cache before they are read: a shuffled
/// minibatch's rows are scattered over the data set, so each row's first lines miss the cache, and a copy has nothing
/// to overlap the misses with (docs/benchmarks.md, "Training at batch 64: the gather"). A hint never faults, changes no
/// value and costs an instruction per cache line; where the processor has no such instruction (outside x86) it does nothing.
/// </summary>
internal static class CachePrefetch
{
    private const int LineBytes = 64;

    /// <summary>Asks for <paramref name="values"/> in the level-1 cache: they are read within a few hundred cycles.</summary>
    public static unsafe void Near(ReadOnlySpan<double> values)
    {
        if (!Sse.IsSupported || values.IsEmpty) return;
        fixed (double* first = values)
        {
            byte* start = (byte*)first, last = (byte*)(first + values.Length - 1);
            // A line at a time from the first value, then the last value's line, which a row that does not start on a
            // line boundary reaches into (a second hint for a line already asked for costs nothing more).
            for (byte* line = start; line <= last; line += LineBytes) Sse.Prefetch0(line);
            Sse.Prefetch0(last);
        }
    }
}
