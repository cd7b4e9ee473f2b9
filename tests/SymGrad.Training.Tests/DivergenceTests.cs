using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class DivergenceTests
{
    // Linear regression on one point with a step far past stability: every update overshoots and the residual grows
    // geometrically, until the squared loss overflows many epochs in.
    private static readonly Dataset OnePoint = new([[1.0, 1.0]], [1.0]);

    private static Models.LinearModel Linear()
    {
        var model = new Models.LinearModel(D: 2, seed: 0);
        model.Initialize(seed: 1);
        return model;
    }

    [Fact]
    public void An_infinite_loss_names_its_epoch_and_leaves_the_last_finite_parameters()
    {
        var model = Linear();
        var options = new SgdOptions { LearningRate = 1.0, Epochs = 10_000 };
        var error = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(model, OnePoint, options));

        Assert.True(error.Epoch > 1, $"diverged in epoch {error.Epoch}");
        Assert.Contains($"epoch {error.Epoch}", error.Message);
        Assert.Contains("loss", error.Message);
        // With one example per epoch, the model must hold exactly what the previous epoch left.
        var reference = Linear();
        Sgd.Train(reference, OnePoint, options with { Epochs = error.Epoch - 1 });
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(model));
        Assert.All(Theta.Of(model), value => Assert.True(double.IsFinite(value)));
    }

    // A residual near 100 makes the first step's size about 1e308·200: it overflows while the loss is still finite.
    [Fact]
    public void An_overflowing_update_is_not_applied()
    {
        var model = Linear();
        var before = Theta.Of(model);
        var error = Assert.Throws<TrainingDivergedException>(() =>
            Sgd.Train(model, new Dataset([[1.0, 1.0]], [100.0]), new SgdOptions { LearningRate = 1e308, Epochs = 3 }));

        Assert.Equal(1, error.Epoch);
        Assert.Contains("a parameter", error.Message);
        Theta.AssertBitIdentical(before, Theta.Of(model));
    }

    [Fact]
    public void A_stable_learning_rate_does_not_diverge()
    {
        var model = Linear();
        var report = Sgd.Train(model, OnePoint, new SgdOptions { LearningRate = 0.1, Epochs = 200 });
        Assert.True(report.Final.Loss < 1e-12, $"final loss {report.Final.Loss}");
    }
}
