using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class ScheduleTests
{
    private static double[] Rates(LearningRateSchedule schedule, int epochs, double eta = 0.1) =>
        Sgd.Train(Recipes.TwoLayer(seed: 3), Recipes.Moons(count: 20), new SgdOptions { LearningRate = eta, Schedule = schedule, Epochs = epochs })
            .History.Select(r => r.LearningRate).ToArray();

    [Fact]
    public void Constant_inverse_decay_and_step()
    {
        Assert.Equal([0.1, 0.1, 0.1], Rates(new ConstantSchedule(), 3));
        Assert.Equal([0.1, 0.1 / 1.5, 0.1 / 2], Rates(new InverseDecaySchedule { Decay = 0.5 }, 3));
        Assert.Equal([0.1, 0.1, 0.1 * 0.5, 0.1 * 0.5, 0.1 * 0.25], Rates(new StepSchedule { Every = 2, Factor = 0.5 }, 5));
    }

    [Fact]
    public void Cosine_falls_from_the_base_rate_towards_the_minimum()
    {
        // T = 4: cos(π·k/4) for k = 0…3 is 1, √½, 0, −√½.
        double h = Math.Sqrt(0.5);
        Assert.Equal([0.1, 0.01 + 0.09 * (1 + h) / 2, 0.01 + 0.09 / 2, 0.01 + 0.09 * (1 - h) / 2],
            Rates(new CosineSchedule { MinimumRate = 0.01 }, 4), new OptimizerTests.Comparer(1e-15));
    }

    [Fact]
    public void Warmup_rises_linearly_then_hands_over()
    {
        // Epochs 4 and 5 are the step schedule's epochs 1 and 2, epoch 6 its epoch 3.
        Assert.Equal([0.1 / 3, 0.2 / 3, 0.1, 0.1, 0.1, 0.05], Rates(new WarmupSchedule { Epochs = 3, Then = new StepSchedule { Every = 2, Factor = 0.5 } }, 6),
            new OptimizerTests.Comparer(1e-15));
    }

    [Fact]
    public void Reduce_on_plateau_cuts_the_rate_after_patience_runs_out()
    {
        // A threshold of 0.99 makes only the first measurement an improvement (the loss never drops by 99 %), so with
        // patience 1 the second and third are bad and the rate falls ×0.1 after epoch 3; the count restarts, and
        // epochs 4 and 5 are bad again: a cut after epoch 5.
        var schedule = new ReduceOnPlateauSchedule { Patience = 1, Threshold = 0.99, Factor = 0.1 };
        Assert.Equal([0.1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001], Rates(schedule, 7), new OptimizerTests.Comparer(1e-15));
        // A cooldown of 1 ignores the measurement right after a cut (epoch 4), so the second cut comes after epoch 6.
        Assert.Equal([0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001],
            Rates(schedule with { Cooldown = 1 }, 8), new OptimizerTests.Comparer(1e-15));
    }

    [Fact]
    public void Learning_rate_at_counts_epochs_from_one_and_refuses_epoch_zero()
    {
        // Epoch 0 used to give η₀/(1 − d): infinite for d = 1. There is no epoch 0: epochs count from 1 everywhere.
        var options = new SgdOptions { LearningRate = 0.1, LearningRateDecay = 1 };
        Assert.Equal(0.1, options.LearningRateAt(1));
        Assert.Equal(0.05, options.LearningRateAt(2));
        Assert.Equal("epoch", Assert.Throws<ArgumentOutOfRangeException>(() => options.LearningRateAt(0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.LearningRateAt(-3));
        Assert.Equal(0.1 * 0.5, (options with { LearningRateDecay = 0, Schedule = new StepSchedule { Every = 1, Factor = 0.5 } }).LearningRateAt(2));
    }

    [Fact]
    public void Invalid_schedules_are_rejected_naming_the_property()
    {
        Assert.Equal("Decay", Assert.Throws<ArgumentOutOfRangeException>(() => new InverseDecaySchedule { Decay = -1 }).ParamName);
        Assert.Equal("Every", Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule { Every = 0 }).ParamName);
        Assert.Equal("Factor", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateauSchedule { Factor = 1 }).ParamName);
        Assert.Equal("Epochs", Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupSchedule { Epochs = 0 }).ParamName);
        var both = new SgdOptions { LearningRateDecay = 0.1, Schedule = new ConstantSchedule() };
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => Sgd.Train(Recipes.TwoLayer(seed: 1), Recipes.Moons(count: 10), both)).ParamName);
    }
}
