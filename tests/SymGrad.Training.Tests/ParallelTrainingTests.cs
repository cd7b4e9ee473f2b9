using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// Minibatches through <c>GradientBatch</c>, in chunks over threads: the same θ whatever the degree of parallelism,
/// the per-example result up to rounding, and nothing allocated per minibatch.
/// </summary>
public sealed class ParallelTrainingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symgrad-parallel-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // D=64, H=32: 2,112 parameters, so minibatches of 1,024 (8 chunks of 128) are worth threads.
    internal static Models.TwoLayerModel Net(int seed)
    {
        var net = new Models.TwoLayerModel(H: 32, D: 64, seed: 0);
        net.Initialize(seed, scale: 1.0);
        return net;
    }

    // 2,100 examples: two minibatches of 1,024 and a last one of 52, which no thread shares.
    internal static Dataset Rows(int count = 2100, int seed = 11)
    {
        var random = new Random(seed);
        var values = new double[count * 64];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 2 - 1;
        var targets = new double[count];
        for (int i = 0; i < count; i++) targets[i] = values[i * 64] + values[i * 64 + 1] > 0 ? 1 : -1;
        return new Dataset(values, 64, targets);
    }

    private static readonly SgdOptions Options = new() { Epochs = 3, BatchSize = 1024, LearningRate = 0.05, Seed = 4, L2 = 1e-4 };

    [Fact]
    public void Theta_is_bit_identical_whatever_the_degree_of_parallelism()
    {
        var data = Rows();
        var results = new Dictionary<int, (double[] Theta, double[] Losses, int Threads)>();
        foreach (int degree in new[] { 1, 2, 3, 2 })
        {
            var model = new RecordingModel(Net(seed: 1));
            var report = Sgd.Train(model, data, Options with { MaxDegreeOfParallelism = degree });
            var result = (Theta.Of(model), report.History.Select(r => r.Loss).ToArray(), model.Threads);
            if (results.TryGetValue(degree, out var earlier)) Theta.AssertBitIdentical(earlier.Theta, result.Item1); // a second run
            results[degree] = result;
        }

        // The threads did share the work: 8 chunks of 128 per full minibatch, on up to `degree` threads.
        Assert.Equal(1, results[1].Threads);
        Assert.Equal(2, results[2].Threads);
        Assert.Equal(3, results[3].Threads);
        foreach (int degree in new[] { 2, 3 })
        {
            Theta.AssertBitIdentical(results[1].Theta, results[degree].Theta);
            Assert.Equal(results[1].Losses, results[degree].Losses);
        }
        Assert.NotEqual(Theta.Of(Net(seed: 1)), results[1].Theta);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(255)]
    public void A_minibatch_of_one_chunk_runs_on_the_training_thread_whatever_the_degree(int batchSize)
    {
        // Below 2 × 128 examples a minibatch is one chunk: a second thread would have nothing to do, so none is woken
        // (and the bare GradientBatch is what training costs, whatever MaxDegreeOfParallelism says).
        var data = Rows();
        var one = new RecordingModel(Net(seed: 6));
        var two = new RecordingModel(Net(seed: 6));

        Sgd.Train(one, data, Options with { BatchSize = batchSize, MaxDegreeOfParallelism = 1 });
        Sgd.Train(two, data, Options with { BatchSize = batchSize, MaxDegreeOfParallelism = 2 });

        Assert.Equal(1, two.Threads);
        Assert.Equal(one.Rows, two.Rows);
        Theta.AssertBitIdentical(Theta.Of(one), Theta.Of(two));
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(300, 75)] // 2 chunks of 150 rows, each in 2 pieces of 75
    [InlineData(1024, 128)] // 8 chunks of 128
    public void Training_through_GradientBatch_matches_training_example_by_example(int batchSize, int firstPieceRows)
    {
        var data = Rows();
        var options = Options with { BatchSize = batchSize, Epochs = 4 };
        var batched = new RecordingModel(Net(seed: 2));
        var perExample = new RecordingModel(Net(seed: 2), perExample: true);

        Sgd.Train(batched, data, options);
        Sgd.Train(perExample, data, options);

        // Contiguous pieces of the minibatch reach GradientBatch: every example once per epoch.
        Assert.Equal(options.Epochs * data.Count, batched.Rows.Sum());
        Assert.Equal(firstPieceRows, batched.Rows[0]);
        Assert.All(batched.Rows, rows => Assert.InRange(rows, 1, 128));
        // A generated GradientBatch may sum in another order than example by example: equal up to rounding.
        var expected = Theta.Of(perExample);
        var actual = Theta.Of(batched);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * scale, $"θ[{i}]: {expected[i]:R} against {actual[i]:R}");
    }

    [Theory]
    [InlineData(64, 1)]
    [InlineData(1024, 2)]
    public void Minibatches_allocate_nothing_after_the_first_epoch_on_any_thread(int batchSize, int degree)
    {
        var data = Rows();
        var model = new RecordingModel(Net(seed: 3));
        var options = Options with { BatchSize = batchSize, MaxDegreeOfParallelism = degree, Epochs = 6 };
        var trainingThread = new long[options.Epochs + 1];
        // Arms the model's per-thread count after epoch 1, and reads the training thread's own counter after each epoch.
        var progress = new Arming(model, trainingThread);

        Sgd.Train(model, data, options, progress: progress);

        Assert.Equal(degree, model.Threads);
        // The project's rule (tests/SymGrad.Tests/Support/Allocations.cs): code that allocates does so in every window, while
        // a one-off can land in one: the runtime charges a thread a few KB now and then where our code allocates nothing
        // (about one run in a hundred; docs/benchmarks.md, "Cheap steps"). So the minibatches allocate when each of the
        // epochs 2–6 does: code that allocates per minibatch fails all five.
        long[] windows = [.. Enumerable.Range(2, options.Epochs - 1).Select(model.AllocatedBetweenCalls)];
        Assert.True(windows.Contains(0), $"Epochs 2–{options.Epochs} allocated {string.Join(", ", windows)} bytes between GradientBatch calls");
        for (int epoch = 2; epoch <= options.Epochs; epoch++) Assert.Equal(trainingThread[1], trainingThread[epoch]);
    }

    [Fact]
    public void The_training_thread_allocates_nothing_when_it_waits_for_a_slower_worker()
    {
        // Epoch 1: the training thread's chunks are the slow ones, so it never waits for the worker; from epoch 2 the
        // worker's are, so the training thread blocks until the worker is done. A wait that makes its lock object when it
        // first blocks (a CountdownEvent did: 24 bytes) allocates in epoch 2 of every run, each run having its own pool.
        // The runtime's rare one-off (the parallel allocation test above) may hit one run, not both.
        var data = Rows();
        var options = Options with { MaxDegreeOfParallelism = 2, Epochs = 3 };
        var after = new List<string>();
        for (int run = 0; run < 2; run++)
        {
            var model = new PacedModel(Net(seed: 3), Environment.CurrentManagedThreadId);
            var bytes = new long[options.Epochs + 1];
            Sgd.Train(model, data, options, progress: new SlowWorkerAfterEpochOne(model, bytes));
            Assert.True(model.WorkerCalls > 0);
            after.Add($"{bytes[2] - bytes[1]} B in epoch 2, {bytes[3] - bytes[2]} B in epoch 3");
        }
        Assert.Contains("0 B in epoch 2, 0 B in epoch 3", after);
    }

    /// <summary>Reads the training thread's bytes after each epoch and makes the worker the slow one after the first.</summary>
    private sealed class SlowWorkerAfterEpochOne(PacedModel model, long[] bytes) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            bytes[value.Epoch] = GC.GetAllocatedBytesForCurrentThread();
            model.WorkerIsSlow = true;
        }
    }

    /// <summary>Sleeps in <c>GradientBatch</c> on the training thread at first, then on the other threads.</summary>
    private sealed class PacedModel(IModel inner, int trainingThread) : ForwardingModel(inner)
    {
        public volatile bool WorkerIsSlow;
        public int WorkerCalls;

        public override double GradientBatch<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient)
        {
            bool onTrainingThread = Environment.CurrentManagedThreadId == trainingThread;
            if (!onTrainingThread) Interlocked.Increment(ref WorkerCalls);
            if (onTrainingThread != WorkerIsSlow) Thread.Sleep(5);
            return Inner.GradientBatch<TLoss>(inputs, targets, gradient);
        }

        public override IModel Clone() => new PacedModel(Inner.Clone(), trainingThread);
    }

    private sealed class Arming(RecordingModel model, long[] bytes) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            bytes[value.Epoch] = GC.GetAllocatedBytesForCurrentThread();
            model.Window = value.Epoch + 1;
            model.Armed = true;
        }
    }

    public enum Ending { Returns, Cancelled, WorkerThrows, WorkerDiverges, TrainingThreadThrows }

    [Theory]
    [InlineData(Ending.Returns)]
    [InlineData(Ending.Cancelled)]
    [InlineData(Ending.WorkerThrows)]
    [InlineData(Ending.WorkerDiverges)]
    [InlineData(Ending.TrainingThreadThrows)] // in a chunk's gradient, while the worker goes on to the step's barrier
    public void No_worker_thread_outlives_Train(Ending ending)
    {
        var data = Rows();
        var model = new WorkerWatchingModel(Net(seed: 8), Environment.CurrentManagedThreadId)
        {
            WorkerFault = ending switch { Ending.WorkerThrows => new InvalidOperationException("worker"), _ => null },
            TrainingThreadFault = ending switch { Ending.TrainingThreadThrows => new InvalidOperationException("training thread"), _ => null },
            WorkerLoss = ending == Ending.WorkerDiverges ? double.NaN : null,
        };
        using var cancellation = new CancellationTokenSource();
        var progress = new SgdTests.Recorder([], r => { if (ending == Ending.Cancelled && r.Epoch == 1) cancellation.Cancel(); });
        var train = () => Sgd.Train(model, data, Options with { MaxDegreeOfParallelism = 2 }, progress: progress, cancellationToken: cancellation.Token);

        switch (ending)
        {
            case Ending.Returns: train(); break;
            case Ending.Cancelled: Assert.Throws<OperationCanceledException>(train); break;
            case Ending.WorkerThrows: Assert.Same(model.WorkerFault, Assert.Throws<InvalidOperationException>(train)); break;
            case Ending.TrainingThreadThrows: Assert.Same(model.TrainingThreadFault, Assert.Throws<InvalidOperationException>(train)); break;
            case Ending.WorkerDiverges: Assert.Throws<TrainingDivergedException>(train); break;
        }

        // Train joins its helpers before it returns or throws: not one of the threads that did its work is still alive.
        var workers = model.Workers;
        Assert.NotEmpty(workers);
        Assert.All(workers, worker => Assert.False(worker.IsAlive, $"{worker.Name} is still running"));
    }

    /// <summary>Records the threads other than the training thread that call <c>GradientBatch</c>; can make them fail.</summary>
    private sealed class WorkerWatchingModel(IModel inner, int trainingThread) : ForwardingModel(inner)
    {
        private readonly HashSet<Thread> _workers = [];

        public Exception? WorkerFault { get; init; }
        public Exception? TrainingThreadFault { get; init; }
        public double? WorkerLoss { get; init; }
        private int _trainingThreadCalls;

        public Thread[] Workers
        {
            get { lock (_workers) return [.. _workers]; }
        }

        public override double GradientBatch<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient)
        {
            double loss = Inner.GradientBatch<TLoss>(inputs, targets, gradient);
            if (Environment.CurrentManagedThreadId == trainingThread)
                // From the second minibatch on: the worker has run by then.
                return TrainingThreadFault is not null && ++_trainingThreadCalls > 4 ? throw TrainingThreadFault : loss;
            lock (_workers) _workers.Add(Thread.CurrentThread);
            if (WorkerFault is not null) throw WorkerFault;
            return WorkerLoss ?? loss;
        }

        public override IModel Clone() => new WorkerWatchingModel(Inner.Clone(), trainingThread);
    }

    [Fact]
    public void Resuming_a_parallel_run_gives_bit_identical_theta()
    {
        var data = Rows();
        var options = Options with { Epochs = 5, MaxDegreeOfParallelism = 2, Optimizer = new SgdOptimizer { Momentum = 0.9 }, LearningRate = 0.01 };
        var uninterrupted = Net(seed: 5);
        Sgd.Train(uninterrupted, data, options with { CheckpointPath = Path.Combine(_folder, "whole.ckpt") });

        var run = options with { CheckpointPath = Path.Combine(_folder, "run.ckpt") };
        using var cancellation = new CancellationTokenSource();
        var stop = new SgdTests.Recorder([], r => { if (r.Epoch == 3) cancellation.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => Sgd.Train(Net(seed: 5), data, run, progress: stop, cancellationToken: cancellation.Token));
        var resumed = Net(seed: 77);
        Sgd.Resume(resumed, data, run with { MaxDegreeOfParallelism = 1 }); // another degree: the same θ

        Theta.AssertBitIdentical(Theta.Of(uninterrupted), Theta.Of(resumed));
    }
}
