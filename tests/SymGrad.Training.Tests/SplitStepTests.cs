using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// The step split by ranges of θ over the training threads (<c>SplitStep</c>): one thread's θ for every optimizer, norms
/// deterministic per degree, and all-or-nothing divergence whichever thread's range holds the bad value.
/// </summary>
public sealed class SplitStepTests
{
    // ParallelTrainingTests' model and data: 2,112 parameters, which two threads split at 1,024 (inside W) and three at
    // 640 and 1,408; 2,100 examples, two minibatches of 1,024 (8 chunks each, split over the threads) and a last one of
    // 52 (one chunk, stepped on the training thread alone).
    private static Models.TwoLayerModel Net(int seed) => ParallelTrainingTests.Net(seed);

    private static Dataset Rows(int count = 2100, int seed = 11) => ParallelTrainingTests.Rows(count, seed);

    private static readonly SgdOptions Options = new() { Epochs = 4, BatchSize = 1024, LearningRate = 0.05, Seed = 9 };

    public static TheoryData<string> Steps => ["sgd", "sgd+l2", "momentum", "nesterov+l2 all", "adam", "adam+l2", "adamw", "clipped", "clipped adam"];

    private static SgdOptions With(string step) => step switch
    {
        "sgd" => Options,
        "sgd+l2" => Options with { L2 = 1e-3 },
        "momentum" => Options with { Optimizer = new SgdOptimizer { Momentum = 0.9 }, LearningRate = 0.01 },
        "nesterov+l2 all" => Options with { Optimizer = new SgdOptimizer { Momentum = 0.9, Nesterov = true }, LearningRate = 0.01, L2 = 1e-3, L2Scope = L2Scope.All },
        "adam" => Options with { Optimizer = new AdamOptimizer(), LearningRate = 0.01 },
        "adam+l2" => Options with { Optimizer = new AdamOptimizer(), LearningRate = 0.01, L2 = 1e-3 },
        "adamw" => Options with { Optimizer = new AdamWOptimizer { WeightDecay = 0.1 }, LearningRate = 0.01 },
        // Clipping's factor needs the whole gradient's norm: these stay on the training thread's step.
        "clipped" => Options with { GradientClipNorm = 0.05 },
        "clipped adam" => Options with { Optimizer = new AdamOptimizer(), LearningRate = 0.01, GradientClipNorm = 0.05 },
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_gives_one_threads_theta_on_two_and_three_threads(string step)
    {
        var data = Rows();
        var validation = Rows(600, seed: 12);
        var options = With(step);
        var runs = new Dictionary<int, (double[] Theta, double[] Losses, double[] Norms)>();
        foreach (int degree in new[] { 1, 2, 3, 2 })
        {
            var model = Net(seed: 3);
            var report = Sgd.Train(model, data, options with { MaxDegreeOfParallelism = degree }, validation);
            // The measured accuracies and validation loss too: the run's threads compute the scores, one thread tallies them.
            double[] losses = [.. report.History.SelectMany(r => new[] { r.Loss, r.TrainAccuracy, r.ValidationAccuracy, r.ValidationLoss })];
            var run = (Theta.Of(model), losses, report.History.SelectMany(r => r.GradientNorms.ToArray()).ToArray());
            if (runs.TryGetValue(degree, out var earlier))
            {
                // A second run at the same degree: the same bits, the gradient norms included.
                Theta.AssertBitIdentical(earlier.Theta, run.Item1);
                Theta.AssertBitIdentical(earlier.Losses, run.Item2);
                Theta.AssertBitIdentical(earlier.Norms, run.Item3);
            }
            runs[degree] = run;
        }

        Assert.NotEqual(Theta.Of(Net(seed: 3)), runs[1].Theta);
        foreach (int degree in new[] { 2, 3 })
        {
            Theta.AssertBitIdentical(runs[1].Theta, runs[degree].Theta);
            Theta.AssertBitIdentical(runs[1].Losses, runs[degree].Losses);
            // The norms' squares are summed per range and then added: equal to one thread's up to rounding.
            for (int k = 0; k < runs[1].Norms.Length; k++)
                Assert.Equal(runs[1].Norms[k], runs[degree].Norms[k], 1e-12 * runs[1].Norms[k]);
        }
    }

    [Fact]
    public void A_theta_shorter_than_a_range_boundary_leaves_the_first_ranges_empty()
    {
        // 48 parameters: ranges start on multiples of 64 entries, so with two or three threads all of θ is the last
        // thread's and the others' ranges are empty. 45,000 examples in one minibatch make 2²¹ parameter–example products.
        var random = new Random(5);
        var values = new double[45_000 * 4];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 2 - 1;
        var targets = new double[45_000];
        for (int i = 0; i < targets.Length; i++) targets[i] = values[i * 4] * values[i * 4 + 1] > 0 ? 1 : -1;
        var data = new Dataset(values, 4, targets);
        var options = Options with { BatchSize = 45_000, Optimizer = new AdamOptimizer(), LearningRate = 0.05 };
        double[] Train(int degree)
        {
            var net = new Models.TwoLayerModel(H: 8, D: 4, seed: 0);
            net.Initialize(2, scale: 1.0);
            var model = new RecordingModel(net);
            Sgd.Train(model, data, options with { MaxDegreeOfParallelism = degree });
            Assert.Equal(degree, model.Threads);
            return Theta.Of(model);
        }

        var one = Train(1);
        Theta.AssertBitIdentical(one, Train(2));
        Theta.AssertBitIdentical(one, Train(3));
    }

    public enum Value { Infinity, NaN }

    [Theory]
    // The first minibatch of epoch 2 is a checked step (the epoch's first), the second a guarded one; index 5 lies in
    // the first thread's range, 2,110 in the last's.
    [InlineData(2, 17, 5, Value.Infinity)]
    [InlineData(2, 17, 2110, Value.NaN)]
    [InlineData(2, 25, 5, Value.NaN)]
    [InlineData(2, 25, 2110, Value.Infinity)]
    [InlineData(3, 25, 1000, Value.Infinity)]
    [InlineData(3, 17, 2110, Value.NaN)]
    public void A_bad_gradient_entry_in_any_threads_range_refuses_the_whole_step(int degree, int call, int index, Value value)
    {
        var data = Rows();
        var options = Options with { Optimizer = new AdamOptimizer(), LearningRate = 0.01 };
        double bad = value == Value.NaN ? double.NaN : double.PositiveInfinity;
        var one = new PoisonedModel(Net(seed: 4), call, index, bad);
        var many = new PoisonedModel(Net(seed: 4), call, index, bad);

        // 17 GradientBatch calls per epoch (8 + 8 + 1): call 17 is epoch 2's first, call 25 its second minibatch's.
        var serial = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(one, data, options with { MaxDegreeOfParallelism = 1 }));
        var split = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(many, data, options with { MaxDegreeOfParallelism = degree }));

        Assert.Equal(2, serial.Epoch);
        Assert.Equal(2, split.Epoch);
        Assert.True(many.Poisoned);
        // Nothing of the refused step was written, in either range: θ is the last finite one, as on one thread.
        Assert.All(Theta.Of(many), v => Assert.True(double.IsFinite(v)));
        Theta.AssertBitIdentical(Theta.Of(one), Theta.Of(many));
        Assert.NotEqual(Theta.Of(Net(seed: 4)), Theta.Of(many));
    }

    /// <summary>Adds a non-finite value to one gradient entry in the <paramref name="call"/>-th <c>GradientBatch</c> call (from 0), on whichever thread.</summary>
    private sealed class PoisonedModel(IModel inner, int call, int index, double bad) : ForwardingModel(inner)
    {
        private int _calls;

        public bool Poisoned { get; private set; }

        public override double GradientBatch<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient)
        {
            double loss = Inner.GradientBatch<TLoss>(inputs, targets, gradient);
            if (Interlocked.Increment(ref _calls) - 1 == call)
            {
                gradient[index] += bad;
                Poisoned = true;
            }
            return loss;
        }

        public override IModel Clone() => new PoisonedModel(Inner.Clone(), call, index, bad);
    }
}
