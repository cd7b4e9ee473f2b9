using SymGrad.Benchmarks.Fixtures;

namespace SymGrad.Benchmarks;

/// <summary>
/// The <c>--verify</c> check behind "bytes allocated per epoch after the first" (docs/benchmarks.md,
/// "Training throughput"). BenchmarkDotNet's Allocated column counts a whole Train call, set-up included;
/// this counts, on the training thread, the bytes allocated between the end of epoch 1 and the end of the
/// last epoch of a Train call, read from a progress handler that itself allocates nothing. It judges the second
/// such call on a fixture; the first is printed too. The mnist batch-256 case trains on two threads, so it also counts the
/// whole process's bytes (<c>GC.GetTotalAllocatedBytes(precise: true)</c>), which include the worker thread's.
/// </summary>
internal static class TrainingAllocations
{
    public static void Report(int examples)
    {
        foreach (var (workload, batchSize, threads) in new[] { ("moons", 1, 1), ("moons", 64, 1), ("mnist", 1, 1), ("mnist", 64, 1), ("mnist", 256, 2) })
            {
                const int epochs = 5;
                var built = new TrainingFixture(workload, batchSize, examples, epochs);
                var fixture = (built, built.Options with { MaxDegreeOfParallelism = threads });

                // A first multi-epoch call, reported but not judged: early in a process the runtime itself
                // (tiered JIT) has once been seen to allocate on this thread during epochs 2–5 (docs/benchmarks.md).
                var (warmUpLater, _, _) = Measure(fixture, epochs);
                var (later, total, process) = Measure(fixture, epochs);
                double perEpoch = (double)later / (epochs - 1);
                long oneEpochCall = OneEpochCall(fixture);
                Console.WriteLine($"{workload,-5} batch {batchSize,3}, {threads} thread(s), N = {examples}: {perEpoch} B per epoch over epochs 2–{epochs} " +
                    $"({process} B in the whole process); {total} B for the whole {epochs}-epoch Train call; {oneEpochCall} B for one 1-epoch Train call " +
                    $"(first {epochs}-epoch call: {warmUpLater} B in epochs 2–{epochs}).");
                if (later != 0 || (threads > 1 && process != 0))
                    throw new InvalidOperationException($"{workload} batch {batchSize}: training allocated {later} B on its thread, {process} B in the process after the first epoch.");
            }
    }

    /// <summary>
    /// One Train call of <paramref name="epochs"/> epochs: bytes allocated on the training thread after epoch 1, in the whole
    /// call, and in the whole process after epoch 1.
    /// </summary>
    private static (long AfterFirstEpoch, long Total, long ProcessAfterFirstEpoch) Measure((TrainingFixture Fixture, SgdOptions Options) run, int epochs)
    {
        var recorder = new Recorder(epochs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Sgd.Train(run.Fixture.Model, run.Fixture.Data, run.Options, progress: recorder);
        long total = GC.GetAllocatedBytesForCurrentThread() - before;
        return (recorder.AllocatedAfter[epochs - 1] - recorder.AllocatedAfter[0], total,
            recorder.ProcessAfter[epochs - 1] - recorder.ProcessAfter[0]);
    }

    private static long OneEpochCall((TrainingFixture Fixture, SgdOptions Options) run)
    {
        var (fixture, options) = (run.Fixture, run.Options with { Epochs = 1 });
        Sgd.Train(fixture.Model, fixture.Data, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Sgd.Train(fixture.Model, fixture.Data, options);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Records the thread's and the process's allocated-bytes counters after each epoch into preallocated arrays.</summary>
    private sealed class Recorder(int epochs) : IProgress<EpochReport>
    {
        public long[] AllocatedAfter { get; } = new long[epochs];

        public long[] ProcessAfter { get; } = new long[epochs];

        public void Report(EpochReport value)
        {
            AllocatedAfter[value.Epoch - 1] = GC.GetAllocatedBytesForCurrentThread();
            ProcessAfter[value.Epoch - 1] = GC.GetTotalAllocatedBytes(precise: true);
        }
    }
}
