using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class RandomRestartsTests
{
    private static readonly SgdOptions Options = new() { LearningRate = 0.05, Epochs = 15, Seed = 10 };

    [Fact]
    public void Restarts_score_every_seed_and_keep_the_best_on_validation()
    {
        var (train, validation) = Recipes.Moons(count: 160).Split(0.5, seed: 1);
        var result = RandomRestarts.Train(seed => Recipes.TwoLayer(seed, hidden: 3), 6, train, validation, Options);

        Assert.Equal([10, 11, 12, 13, 14, 15], result.Scores.Select(s => s.Seed));
        Assert.True(result.Scores.Select(s => s.ValidationAccuracy).Distinct().Count() > 1, "the restarts should differ in quality");
        var best = result.Scores[result.BestIndex];
        Assert.All(result.Scores, s => Assert.True(
            s.ValidationAccuracy < best.ValidationAccuracy || (s.ValidationAccuracy == best.ValidationAccuracy && s.ValidationLoss >= best.ValidationLoss)));
        Assert.Equal(best.ValidationAccuracy, Evaluation.Accuracy(result.Best, validation));

        // The kept model is exactly the one its seed trains on its own.
        var alone = Recipes.TwoLayer(best.Seed, hidden: 3);
        Sgd.Train(alone, train, Options with { Seed = best.Seed }, validation);
        Theta.AssertBitIdentical(Theta.Of(alone), Theta.Of(result.Best));
    }

    [Fact]
    public void A_diverging_restart_is_recorded_and_never_kept()
    {
        var (train, validation) = Recipes.Moons(count: 80).Split(0.5, seed: 1);
        // Seed 11 starts from huge weights that diverge; the others start normally.
        var result = RandomRestarts.Train(seed => seed == 11 ? Recipes.TwoLayer(seed, scale: 1e300) : Recipes.TwoLayer(seed),
            3, train, validation, Options);
        Assert.Equal([false, true, false], result.Scores.Select(s => s.Diverged));
        Assert.NotEqual(1, result.BestIndex);
    }

    [Fact]
    public void Parallel_restarts_and_search_give_exactly_the_sequential_results()
    {
        var (train, validation) = Recipes.Moons(count: 120).Split(0.5, seed: 1);
        var options = Options with { Optimizer = new SgdOptimizer { Momentum = 0.5 }, BatchSize = 3 };
        var sequential = RandomRestarts.Train(seed => Recipes.TwoLayer(seed, hidden: 4), 5, train, validation, options with { MaxDegreeOfParallelism = 1 });
        var parallel = RandomRestarts.Train(seed => Recipes.TwoLayer(seed, hidden: 4), 5, train, validation, options with { MaxDegreeOfParallelism = 4 });
        Assert.Equal(sequential.Scores, parallel.Scores);
        Assert.Equal(sequential.BestIndex, parallel.BestIndex);
        Theta.AssertBitIdentical(Theta.Of(sequential.Best), Theta.Of(parallel.Best));

        var grid = Hyperparameters.Grid([0.01, 0.1], [2, 6], [1.0], [0, 1e-3], [5]).ToList();
        string Search(int degree) => HyperparameterSearch.Run(grid, (p, seed) => Recipes.TwoLayer(seed, p.Hidden, p.InitScale), train, validation,
            options with { MaxDegreeOfParallelism = degree }).ToString();
        Assert.Equal(Search(1), Search(-1));

        var error = Assert.Throws<ArgumentException>(() => RandomRestarts.Train(seed => Recipes.TwoLayer(seed), 2, train, validation,
            options with { CheckpointPath = "x.ckpt" }));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Progress_names_the_restart()
    {
        var data = Recipes.Moons(count: 40);
        var seen = new List<(int, int)>();
        RandomRestarts.Train(seed => Recipes.TwoLayer(seed), 2, data, data, Options with { Epochs = 3, MaxDegreeOfParallelism = 1 },
            new Collector(seen));
        Assert.Equal([(0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (1, 3)], seen);
    }

    private sealed class Collector(List<(int, int)> seen) : IProgress<RestartProgress>
    {
        public void Report(RestartProgress value) => seen.Add((value.Restart, value.Epoch.Epoch));
    }
}
