namespace SymGrad.Tests.Support;

/// <summary>
/// Whether calls allocate, as the allocation counter of the calling thread sees it. Code that allocates does so in
/// every window of calls; the runtime's own one-off work on the thread (tiered compilation's transitions, seen here
/// as a few KB once in 10,000 calls of a method that allocates nothing) can land in one window. So calls count as
/// allocating only when each of three windows allocates.
/// </summary>
public static class Allocations
{
    /// <summary>The bytes each of up to three windows of <paramref name="calls"/> calls allocated; it stops at a clean window.</summary>
    public static long[] PerWindow(Action call, int calls)
    {
        var windows = new List<long>();
        for (int w = 0; w < 3; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < calls; k++) call();
            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            if (windows[^1] == 0) break;
        }
        return windows.ToArray();
    }

    /// <summary>Fails unless some window of calls allocated nothing.</summary>
    public static void AssertNone(Action call, int calls, string what)
    {
        var windows = PerWindow(call, calls);
        Assert.True(windows[^1] == 0, $"{what} allocated {string.Join(", ", windows)} bytes in windows of {calls} calls after warm-up");
    }
}
