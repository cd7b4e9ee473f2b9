using System.Globalization;

namespace SymGrad.Benchmarks;

/// <summary>
/// The <c>--compare-optimizers</c> runs behind docs/training.md's comparisons: SGD, momentum, Nesterov and Adam, each over
/// a small grid of learning rates and several seeds, on two spirals (the deep tanh net) or on Fashion-MNIST (the sample's
/// 784-128-10 network). For every run it records the first epoch whose validation accuracy reaches the target and the
/// wall time to it. Not a BenchmarkDotNet benchmark: the quantity is epochs to an accuracy, and the time is read off the run.
/// </summary>
internal static class OptimizerComparison
{
    /// <summary>One problem: its description, target, epoch limit, seeds, rate grids, and how one run trains.</summary>
    private sealed record Problem(
        string Description, double Target, int MaxEpochs, int[] Seeds,
        (string Name, Optimizer Optimizer, double[] Rates)[] Candidates,
        Action<Optimizer, double, int, IProgress<EpochReport>, CancellationToken> Train);

    public static void Spirals()
    {
        const int MaxEpochs = 300;
        var (train, validation) = ToyDatasets.Spirals(600, 0.02, seed: 5).Split(0.25, seed: 6);
        Run(new Problem(
            $"two spirals, {train.Count} training / {validation.Count} validation examples; deep tanh net 3×24; batch 16",
            Target: 0.95, MaxEpochs, Seeds: [1, 2, 3, 4, 5],
            [
                ("SGD", new SgdOptimizer(), [0.05, 0.1, 0.2, 0.4]),
                ("momentum 0.9", new SgdOptimizer { Momentum = 0.9 }, [0.005, 0.01, 0.02, 0.04]),
                ("Nesterov 0.9", new SgdOptimizer { Momentum = 0.9, Nesterov = true }, [0.005, 0.01, 0.02, 0.04]),
                ("Adam", new AdamOptimizer(), [0.001, 0.003, 0.01, 0.03, 0.1]),
            ],
            (optimizer, rate, seed, progress, stop) =>
            {
                var model = new BenchModels.DeepModel(H1: 24, H2: 24, H3: 24, D: 2, seed: 0);
                model.Initialize(seed);
                var options = new SgdOptions { Optimizer = optimizer, LearningRate = rate, Epochs = MaxEpochs, BatchSize = 16, Seed = seed };
                Sgd.Train(model, train, options, validation, progress, stop);
            }));
    }

    /// <summary>
    /// Fashion-MNIST from <paramref name="folder"/>: 50,000 of the training images to train on and the other 10,000 to
    /// validate (the test set is not looked at), softmax cross-entropy, batch 32, as the sample trains.
    /// </summary>
    public static void FashionMnist(string folder)
    {
        const int MaxEpochs = 25;
        var all = IdxDataset.Load(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"));
        var (train, validation) = all.Split(1.0 / 6, seed: 6);
        Run(new Problem(
            $"Fashion-MNIST, {train.Count} training / {validation.Count} validation images; 784-128-10 tanh network, softmax cross-entropy; batch 32",
            Target: 0.88, MaxEpochs, Seeds: [1, 2, 3],
            [
                ("SGD", new SgdOptimizer(), [0.03, 0.1, 0.3]),
                ("momentum 0.9", new SgdOptimizer { Momentum = 0.9 }, [0.003, 0.01, 0.03]),
                ("Nesterov 0.9", new SgdOptimizer { Momentum = 0.9, Nesterov = true }, [0.003, 0.01, 0.03]),
                ("Adam", new AdamOptimizer(), [0.0003, 0.001, 0.003]),
            ],
            (optimizer, rate, seed, progress, stop) =>
            {
                var model = new BenchModels.ClassifierModel(H: 128, D: train.InputLength, seed: seed);
                var options = new SgdOptions { Optimizer = optimizer, LearningRate = rate, Epochs = MaxEpochs, BatchSize = 32, Seed = seed };
                Sgd.Train<SoftmaxCrossEntropy>(model, train, options, validation, progress, stop);
            }));
    }

    private static void Run(Problem problem)
    {
        Console.WriteLine($"{problem.Description}; target {problem.Target:P0} validation accuracy; at most {problem.MaxEpochs} epochs; " +
            $"seeds {string.Join(", ", problem.Seeds)}");
        foreach (var (name, optimizer, rates) in problem.Candidates)
            foreach (double rate in rates)
            {
                var runs = problem.Seeds.Select(seed => Measure(problem, optimizer, rate, seed)).ToArray();
                var reached = runs.Where(r => r.Epoch > 0).ToArray();
                string median = reached.Length == problem.Seeds.Length
                    ? string.Create(CultureInfo.InvariantCulture, $"median {Median(runs.Select(r => (double)r.Epoch))} epochs, {Median(runs.Select(r => r.Seconds)):F2} s")
                    : $"{reached.Length}/{problem.Seeds.Length} reached it";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-13} η = {rate,-6}: epochs {string.Join(" ", runs.Select(r => r.Epoch > 0 ? r.Epoch.ToString(CultureInfo.InvariantCulture) : "—"))}; " +
                    $"seconds {string.Join(" ", runs.Select(r => r.Epoch > 0 ? r.Seconds.ToString("F2", CultureInfo.InvariantCulture) : "—"))}; {median}"));
            }
    }

    /// <summary>The first epoch at or above the target (0 if none) and the seconds of training until then.</summary>
    private static (int Epoch, double Seconds) Measure(Problem problem, Optimizer optimizer, double rate, int seed)
    {
        using var stop = new CancellationTokenSource();
        var watcher = new Watcher(stop, problem.Target);
        try { problem.Train(optimizer, rate, seed, watcher, stop.Token); }
        catch (OperationCanceledException) { }
        catch (TrainingDivergedException) { return (0, double.NaN); }
        return (watcher.Epoch, watcher.Seconds);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Stops training at the first epoch that reaches the target.</summary>
    private sealed class Watcher(CancellationTokenSource stop, double target) : IProgress<EpochReport>
    {
        public int Epoch { get; private set; }

        public double Seconds { get; private set; }

        public void Report(EpochReport value)
        {
            if (Epoch > 0 || !(value.ValidationAccuracy >= target)) return;
            (Epoch, Seconds) = (value.Epoch, value.Elapsed.TotalSeconds);
            stop.Cancel();
        }
    }
}
