using System.Numerics.Tensors;
using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class EarlyStoppingAndClippingTests
{
    // Few noisy training points and a wide net with a large step: the validation loss soon stops improving.
    private static (Dataset Train, Dataset Validation) Overfitting() => ToyDatasets.TwoMoons(60, 0.35, seed: 4).Split(0.5, seed: 1);

    private static readonly SgdOptions Options = new() { LearningRate = 0.1, Epochs = 300, BatchSize = 2, Seed = 2 };

    [Fact]
    public void Early_stopping_stops_after_patience_and_restores_the_best_epochs_theta()
    {
        var (train, validation) = Overfitting();
        var net = Recipes.TwoLayer(seed: 5, hidden: 24);
        var report = Sgd.Train(net, train, Options with { EarlyStopping = new EarlyStopping { Patience = 5 } }, validation);

        Assert.True(report.StoppedEarly, $"ran {report.History.Count} epochs");
        Assert.Equal(report.BestEpoch + 5, report.History.Count);
        Assert.Equal(report.History.Min(r => r.ValidationLoss), report.Best.ValidationLoss);
        // The model holds exactly what training for BestEpoch epochs gives.
        var alone = Recipes.TwoLayer(seed: 5, hidden: 24);
        Sgd.Train(alone, train, Options with { Epochs = report.BestEpoch });
        Theta.AssertBitIdentical(Theta.Of(alone), Theta.Of(net));
        Assert.Equal(report.Best.ValidationLoss, Evaluation.MeanLoss<SquaredLoss>(net, validation));
    }

    [Fact]
    public void Early_stopping_on_accuracy_and_without_validation()
    {
        var (train, validation) = Overfitting();
        var report = Sgd.Train(Recipes.TwoLayer(seed: 5, hidden: 24), train,
            Options with { Epochs = 40, EarlyStopping = new EarlyStopping { Patience = 100, Metric = EarlyStoppingMetric.ValidationAccuracy } }, validation);
        Assert.False(report.StoppedEarly);
        Assert.Equal(report.History.Max(r => r.ValidationAccuracy), report.Best.ValidationAccuracy);
        Assert.Equal(report.History.First(r => r.ValidationAccuracy == report.Best.ValidationAccuracy).Epoch, report.BestEpoch);
        var error = Assert.Throws<ArgumentException>(() => Sgd.Train(Recipes.TwoLayer(seed: 5), train, Options with { EarlyStopping = new EarlyStopping { Patience = 1 } }));
        Assert.Equal("validation", error.ParamName);
    }

    [Fact]
    public void Clipping_scales_the_mean_gradient_down_to_the_norm_and_leaves_small_ones_alone()
    {
        var data = Recipes.Moons(count: 20);
        var start = Recipes.TwoLayer(seed: 4);
        var g = new double[start.ParameterCount];
        for (int i = 0; i < data.Count; i++) start.Gradient<SquaredLoss>(data.Inputs[i], data.Targets[i], g);
        double norm = TensorPrimitives.Norm<double>(g) / data.Count;
        const double eta = 0.1;
        foreach (double clip in new[] { norm / 4, norm * 2 })
        {
            var net = Recipes.TwoLayer(seed: 4);
            Sgd.Train(net, data, new SgdOptions { LearningRate = eta, Epochs = 1, BatchSize = data.Count, GradientClipNorm = clip });
            double factor = Math.Min(1, clip / norm);
            for (int k = 0; k < g.Length; k++)
                Assert.Equal(start.Parameters[k] - eta * factor * g[k] / data.Count, net.Parameters[k], 1e-12);
        }
    }

    [Fact]
    public void Gradient_norms_are_per_block_and_per_epoch()
    {
        var data = Recipes.Moons(count: 20);
        var net = Recipes.TwoLayer(seed: 4);
        var g = new double[net.ParameterCount];
        for (int i = 0; i < data.Count; i++) net.Gradient<SquaredLoss>(data.Inputs[i], data.Targets[i], g);
        var report = Sgd.Train(net, data, new SgdOptions { LearningRate = 0.1, Epochs = 3, BatchSize = data.Count });

        Assert.Equal(["W", "b", "v"], report.Blocks.Select(b => b.Name));
        foreach (var (block, b) in report.Blocks.Select((block, b) => (block, b)))
        {
            double expected = TensorPrimitives.Norm<double>(g.AsSpan(block.Offset, block.Length)) / data.Count;
            Assert.Equal(expected, report.History[0].GradientNorms.Span[b], 1e-12);
            Assert.Equal(report.History.Select(r => r.GradientNorms.Span[b]), report.GradientNormHistory(block.Name));
        }
        Assert.NotEqual(report.History[0].GradientNorms.Span[0], report.History[2].GradientNorms.Span[0]);
        Assert.Throws<ArgumentException>(() => report.GradientNormHistory("nope"));
    }
}
