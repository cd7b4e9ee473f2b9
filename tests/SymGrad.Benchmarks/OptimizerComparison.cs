using System.Globalization;

namespace SymGrad.Benchmarks;

/// <summary>
/// The <c>--compare-optimizers</c> run behind docs/training.md's comparison: the deep tanh net (three layers of 24) on
/// two spirals, trained by SGD, momentum and Adam, each at the best learning rate of a small grid, from five seeds.
/// For every run it records the first epoch whose validation accuracy reaches the target and the wall time to it.
/// Not a BenchmarkDotNet benchmark: the quantity is epochs to an accuracy, and the time is read off the run.
/// </summary>
internal static class OptimizerComparison
{
    private const double Target = 0.95;
    private const int MaxEpochs = 300;
    private static readonly int[] Seeds = [1, 2, 3, 4, 5];

    public static void Run()
    {
        var (train, validation) = ToyDatasets.Spirals(600, 0.02, seed: 5).Split(0.25, seed: 6);
        Console.WriteLine($"two spirals, {train.Count} training / {validation.Count} validation examples; deep tanh net 3×24; batch 16; " +
            $"target {Target:P0} validation accuracy; at most {MaxEpochs} epochs; seeds {string.Join(", ", Seeds)}");
        var candidates = new (string Name, Optimizer Optimizer, double[] Rates)[]
        {
            ("SGD", new SgdOptimizer(), [0.05, 0.1, 0.2, 0.4]),
            ("momentum 0.9", new SgdOptimizer { Momentum = 0.9 }, [0.005, 0.01, 0.02, 0.04]),
            ("Nesterov 0.9", new SgdOptimizer { Momentum = 0.9, Nesterov = true }, [0.005, 0.01, 0.02, 0.04]),
            ("Adam", new AdamOptimizer(), [0.001, 0.003, 0.01, 0.03, 0.1]),
        };
        foreach (var (name, optimizer, rates) in candidates)
            foreach (double rate in rates)
            {
                var runs = Seeds.Select(seed => Measure(train, validation, optimizer, rate, seed)).ToArray();
                var reached = runs.Where(r => r.Epoch > 0).ToArray();
                string median = reached.Length == Seeds.Length
                    ? string.Create(CultureInfo.InvariantCulture, $"median {Median(runs.Select(r => (double)r.Epoch))} epochs, {Median(runs.Select(r => r.Seconds)):F2} s")
                    : $"{reached.Length}/{Seeds.Length} reached it";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-13} η = {rate,-6}: epochs {string.Join(" ", runs.Select(r => r.Epoch > 0 ? r.Epoch.ToString(CultureInfo.InvariantCulture) : "—"))}; " +
                    $"seconds {string.Join(" ", runs.Select(r => r.Epoch > 0 ? r.Seconds.ToString("F2", CultureInfo.InvariantCulture) : "—"))}; {median}"));
            }
    }

    /// <summary>The first epoch at or above the target (0 if none) and the seconds of training until then.</summary>
    private static (int Epoch, double Seconds) Measure(Dataset train, Dataset validation, Optimizer optimizer, double rate, int seed)
    {
        var model = new BenchModels.DeepModel(H1: 24, H2: 24, H3: 24, D: 2, seed: 0);
        model.Initialize(seed);
        var options = new SgdOptions { Optimizer = optimizer, LearningRate = rate, Epochs = MaxEpochs, BatchSize = 16, Seed = seed };
        using var stop = new CancellationTokenSource();
        var watcher = new Watcher(stop);
        try { Sgd.Train(model, train, options, validation, watcher, stop.Token); }
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
    private sealed class Watcher(CancellationTokenSource stop) : IProgress<EpochReport>
    {
        public int Epoch { get; private set; }

        public double Seconds { get; private set; }

        public void Report(EpochReport value)
        {
            if (Epoch > 0 || !(value.ValidationAccuracy >= Target)) return;
            (Epoch, Seconds) = (value.Epoch, value.Elapsed.TotalSeconds);
            stop.Cancel();
        }
    }
}
