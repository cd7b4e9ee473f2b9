using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class HyperparameterSearchTests
{
    [Fact]
    public void The_grid_is_every_combination_in_order()
    {
        var grid = Hyperparameters.Grid([0.1, 0.01], [2, 4], [1.0], [0, 1e-3], [5]).ToList();
        Assert.Equal(8, grid.Count);
        Assert.Equal(new Hyperparameters(0.1, 2, 1.0, 0, 5), grid[0]);
        Assert.Equal(new Hyperparameters(0.1, 2, 1.0, 1e-3, 5), grid[1]);
        Assert.Equal(new Hyperparameters(0.01, 4, 1.0, 1e-3, 5), grid[7]);
    }

    [Fact]
    public void Each_row_is_the_point_trained_alone_and_the_best_row_is_the_best()
    {
        var (train, validation) = Recipes.Moons(count: 120).Split(0.5, seed: 3);
        var options = new SgdOptions { Seed = 4, BatchSize = 2 };
        var grid = Hyperparameters.Grid([0.001, 0.05], [2, 8], [0.5], [0, 1e-2], [10]).ToList();
        var table = HyperparameterSearch.Run(grid, (p, seed) => Recipes.TwoLayer(seed, p.Hidden, p.InitScale), train, validation, options);

        Assert.Equal(grid, table.Select(r => r.Hyperparameters));
        foreach (var row in new[] { table[0], table[5] })
        {
            var p = row.Hyperparameters;
            var alone = Recipes.TwoLayer(options.Seed, p.Hidden, p.InitScale);
            Sgd.Train(alone, train, options with { LearningRate = p.LearningRate, L2 = p.L2, Epochs = p.Epochs });
            Assert.Equal(Evaluation.Accuracy(alone, validation), row.Score.ValidationAccuracy);
            Assert.Equal(Evaluation.MeanLoss<SquaredLoss>(alone, validation), row.Score.ValidationLoss);
        }
        Assert.All(table, r => Assert.True(r.Score.ValidationAccuracy <= table.Best.Score.ValidationAccuracy));
        Assert.True(table.Best.Hyperparameters.LearningRate == 0.05, table.ToString());

        string text = table.ToString();
        Assert.Equal(grid.Count + 1, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("* ", text);
    }
}
