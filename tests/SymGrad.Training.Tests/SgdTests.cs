using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class SgdTests
{
    private static readonly SgdOptions Options = new() { LearningRate = 0.05, Epochs = 10, BatchSize = 4, L2 = 1e-3, Seed = 5 };

    [Fact]
    public void Same_seed_data_and_start_give_bit_identical_parameters()
    {
        var data = Recipes.Moons();
        var first = Recipes.TwoLayer(seed: 1);
        var second = Recipes.TwoLayer(seed: 1);
        var firstReport = Sgd.Train(first, data, Options);
        var secondReport = Sgd.Train(second, data, Options);

        Theta.AssertBitIdentical(Theta.Of(first), Theta.Of(second));
        Assert.Equal(firstReport.History.Select(r => r.Loss), secondReport.History.Select(r => r.Loss));
    }

    [Fact]
    public void Another_shuffle_seed_gives_other_parameters()
    {
        var data = Recipes.Moons();
        var first = Recipes.TwoLayer(seed: 1);
        var second = Recipes.TwoLayer(seed: 1);
        Sgd.Train(first, data, Options);
        Sgd.Train(second, data, Options with { Seed = 6 });
        Assert.NotEqual(Theta.Of(first), Theta.Of(second));
    }

    [Fact]
    public void Training_lowers_the_loss_and_reports_every_epoch()
    {
        var data = Recipes.Moons();
        var (train, validation) = data.Split(0.25, seed: 2);
        var net = Recipes.TwoLayer(seed: 3);
        var reports = new List<EpochReport>();
        var report = Sgd.Train(net, train, Options with { Epochs = 30 }, validation, new Recorder(reports));

        Assert.Equal(Enumerable.Range(1, 30), reports.Select(r => r.Epoch));
        Assert.Equal(reports, report.History);
        Assert.True(report.Final.Loss < 0.5 * report.History[0].Loss, $"loss {report.History[0].Loss} → {report.Final.Loss}");
        Assert.Equal(Evaluation.Accuracy(net, train), report.Final.TrainAccuracy);
        Assert.Equal(Evaluation.Accuracy(net, validation), report.Final.ValidationAccuracy);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Elapsed <= p.Second.Elapsed));
    }

    [Fact]
    public void Accuracies_are_measured_every_few_epochs_and_after_the_last()
    {
        var net = Recipes.TwoLayer(seed: 3);
        var report = Sgd.Train(net, Recipes.Moons(), Options with { Epochs = 7, EvaluateEvery = 3 });
        Assert.Equal([false, false, true, false, false, true, true], report.History.Select(r => !double.IsNaN(r.TrainAccuracy)));
        Assert.All(report.History, r => Assert.True(double.IsNaN(r.ValidationAccuracy)));
    }

    [Fact]
    public void Without_measuring_the_training_set_the_run_is_the_same_and_only_its_training_accuracy_is_NaN()
    {
        var (train, validation) = Recipes.Moons().Split(0.25, seed: 2);
        var measured = Recipes.TwoLayer(seed: 3);
        var unmeasured = Recipes.TwoLayer(seed: 3);
        var withTraining = Sgd.Train(measured, train, Options, validation);
        var without = Sgd.Train(unmeasured, train, Options with { MeasureTraining = false }, validation);

        Theta.AssertBitIdentical(Theta.Of(measured), Theta.Of(unmeasured));
        Assert.All(withTraining.History, r => Assert.False(double.IsNaN(r.TrainAccuracy)));
        Assert.All(without.History, r => Assert.True(double.IsNaN(r.TrainAccuracy)));
        Assert.Equal(withTraining.History.Select(r => (r.Loss, r.ValidationAccuracy, r.ValidationLoss)),
            without.History.Select(r => (r.Loss, r.ValidationAccuracy, r.ValidationLoss)));
        Assert.Equal(Evaluation.Accuracy(unmeasured, validation), without.Final.ValidationAccuracy);
    }

    [Fact]
    public void Without_measuring_the_training_set_a_plateau_schedule_reads_the_epochs_minibatch_loss()
    {
        // Patience 0 and threshold 0: the rate halves after every epoch whose loss is not below the best so far. A rate
        // this high makes the loss go up now and then, so the rates show which loss the schedule read.
        var schedule = new ReduceOnPlateauSchedule { Patience = 0, Threshold = 0, Factor = 0.5 };
        var report = Sgd.Train(Recipes.TwoLayer(seed: 3), Recipes.Moons(), Options with
        {
            LearningRate = 0.5, Epochs = 12, Schedule = schedule, MeasureTraining = false,
        });

        double best = double.PositiveInfinity, rate = 0.5;
        var expected = new List<double>();
        foreach (var epoch in report.History)
        {
            expected.Add(rate);
            if (epoch.Loss < best) best = epoch.Loss;
            else rate *= 0.5;
        }
        Assert.Contains(expected, r => r < 0.5); // the scenario does cut the rate
        Assert.Equal(expected, report.History.Select(r => r.LearningRate));
    }

    [Fact]
    public void The_learning_rate_decays_as_scheduled()
    {
        var report = Sgd.Train(Recipes.TwoLayer(seed: 3), Recipes.Moons(), Options with { LearningRate = 0.1, LearningRateDecay = 0.5, Epochs = 3 });
        Assert.Equal([0.1, 0.1 / 1.5, 0.1 / 2.0], report.History.Select(r => r.LearningRate));
    }

    [Fact]
    public void One_full_batch_epoch_is_one_step_down_the_mean_gradient_with_weight_decay_on_matrices_only()
    {
        var data = Recipes.Moons(count: 20);
        var net = Recipes.TwoLayer(seed: 4);
        var start = Theta.Of(net);
        var gradient = new double[net.ParameterCount];
        for (int i = 0; i < data.Count; i++) net.Gradient<SquaredLoss>(data.Inputs[i], data.Targets[i], gradient);

        const double eta = 0.1, lambda = 0.01;
        Sgd.Train(net, data, new SgdOptions { LearningRate = eta, Epochs = 1, BatchSize = data.Count, L2 = lambda });

        var w = ParameterTransfer.FindBlock(net, "W");
        for (int k = 0; k < start.Length; k++)
        {
            double decay = k >= w.Offset && k < w.Offset + w.Length ? lambda : 0;
            double expected = start[k] - eta * (gradient[k] / data.Count + decay * start[k]);
            Assert.Equal(expected, net.Parameters[k], 1e-12);
        }
    }

    [Fact]
    public void L2_on_all_blocks_also_decays_biases()
    {
        var data = Recipes.Moons(count: 20);
        var matrices = Recipes.TwoLayer(seed: 4);
        var all = Recipes.TwoLayer(seed: 4);
        var options = new SgdOptions { LearningRate = 0.1, Epochs = 1, BatchSize = data.Count, L2 = 0.5 };
        Sgd.Train(matrices, data, options);
        Sgd.Train(all, data, options with { L2Scope = L2Scope.All });
        Assert.Equal(matrices.W.ToArray(), all.W.ToArray());
        Assert.NotEqual(matrices.b.ToArray(), all.b.ToArray());
        Assert.NotEqual(matrices.v.ToArray(), all.v.ToArray());
    }

    [Fact]
    public void A_cancelled_token_stops_training_before_any_change()
    {
        var net = Recipes.TwoLayer(seed: 1);
        var before = Theta.Of(net);
        Assert.Throws<OperationCanceledException>(() => Sgd.Train(net, Recipes.Moons(), Options, cancellationToken: new CancellationToken(true)));
        Theta.AssertBitIdentical(before, Theta.Of(net));
    }

    [Fact]
    public void Cancelling_from_progress_stops_after_that_epoch()
    {
        using var cancellation = new CancellationTokenSource();
        var reports = new List<EpochReport>();
        var progress = new Recorder(reports, r => { if (r.Epoch == 2) cancellation.Cancel(); });
        Assert.Throws<OperationCanceledException>(() =>
            Sgd.Train(Recipes.TwoLayer(seed: 1), Recipes.Moons(), Options, null, progress, cancellation.Token));
        Assert.Equal(2, reports.Count);
    }

    /// <summary>Records reports synchronously, optionally acting on each.</summary>
    internal sealed class Recorder(List<EpochReport> reports, Action<EpochReport>? onReport = null) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
