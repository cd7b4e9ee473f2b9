using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymGrad.Tests;

/// <summary>
/// A training run's helper threads give their scratch arrays back as they stop, so the next run's helpers reuse them
/// rather than allocate megabytes of pinned memory per <c>Sgd.Train</c> call.
/// </summary>
public sealed class ThreadScratchTests
{
    /// <summary>An element type of these tests alone, so that no other test's arrays share its cache.</summary>
    private readonly record struct Probe(long Value);

    private static void OnNewThread(Action work)
    {
        var thread = new Thread(() => work());
        thread.Start();
        thread.Join();
    }

    private static long Address(Span<Probe> span) => Unsafe.ByteOffset(ref Unsafe.NullRef<Probe>(), ref MemoryMarshal.GetReference(span));

    [Fact]
    public void A_released_array_goes_to_the_next_thread_that_asks_for_its_length_aligned_as_before()
    {
        Probe[]? released = null, taken = null, other = null;
        int offset = -1;
        OnNewThread(() =>
        {
            ThreadScratch.ReleasesOnExit();
            released = ThreadScratch.Allocate<Probe>(1000, out _);
            ThreadScratch.Release();
        });
        OnNewThread(() => other = ThreadScratch.Allocate<Probe>(999, out _)); // another length: a new array
        OnNewThread(() => taken = ThreadScratch.Allocate<Probe>(1000, out offset));

        Assert.NotSame(released, other);
        Assert.Same(released, taken);
        Assert.Equal(0, Address(taken.AsSpan(offset)) % AlignedArrays.Alignment);
        Assert.True(taken!.Length - offset >= 1000);
    }

    [Fact]
    public void A_thread_that_does_not_release_keeps_its_arrays()
    {
        Probe[]? kept = null, next = null;
        OnNewThread(() =>
        {
            kept = ThreadScratch.Allocate<Probe>(2000, out _);
            ThreadScratch.Release(); // not marked with ReleasesOnExit: gives nothing
        });
        OnNewThread(() => next = ThreadScratch.Allocate<Probe>(2000, out _));
        Assert.NotSame(kept, next);
    }

    [Fact]
    public void A_worker_pools_helper_releases_its_arrays_when_the_pool_is_disposed()
    {
        Probe[]? helpers = null;
        using (var pool = new WorkerPool(2))
            pool.Run(thread =>
            {
                if (thread == 1) helpers = ThreadScratch.Allocate<Probe>(3000, out _);
            });
        Probe[]? next = null;
        OnNewThread(() => next = ThreadScratch.Allocate<Probe>(3000, out _));
        Assert.NotNull(helpers);
        Assert.Same(helpers, next);
    }
}
