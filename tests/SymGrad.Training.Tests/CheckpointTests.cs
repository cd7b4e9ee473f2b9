using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symgrad-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (Dataset Train, Dataset Validation) Data() => Recipes.Moons(count: 120).Split(0.25, seed: 2);

    // Everything with state: Adam's moments and step count, a plateau schedule after a warm-up, early stopping's best θ,
    // clipping, and minibatches that do not divide the data.
    private SgdOptions Options(string name) => new()
    {
        Optimizer = new AdamWOptimizer(), LearningRate = 0.02, Epochs = 14, BatchSize = 7, Seed = 9, L2 = 1e-3, GradientClipNorm = 1.0,
        Schedule = new WarmupSchedule { Epochs = 2, Then = new ReduceOnPlateauSchedule { Patience = 1, Factor = 0.5 } },
        EarlyStopping = new EarlyStopping { Patience = 50 }, EvaluateEvery = 2,
        CheckpointPath = Path.Combine(_folder, name), CheckpointEvery = 3,
    };

    [Fact]
    public void Resuming_after_an_interruption_gives_bit_identical_theta_and_history()
    {
        var (train, validation) = Data();
        var uninterrupted = Recipes.TwoLayer(seed: 1);
        var expected = Sgd.Train(uninterrupted, train, Options("whole.ckpt"), validation);

        // Interrupted in epoch 8: the last checkpoint is after epoch 6, and the model has moved on since.
        var options = Options("run.ckpt");
        using var cancellation = new CancellationTokenSource();
        var progress = new SgdTests.Recorder([], r => { if (r.Epoch == 7) cancellation.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => Sgd.Train(Recipes.TwoLayer(seed: 1), train, options, validation, progress, cancellation.Token));

        var resumed = Recipes.TwoLayer(seed: 99); // another starting θ: resuming must load it from the checkpoint
        var epochs = new List<EpochReport>();
        var report = Sgd.Resume(resumed, train, options, validation, new SgdTests.Recorder(epochs));

        Theta.AssertBitIdentical(Theta.Of(uninterrupted), Theta.Of(resumed));
        Assert.Equal(Enumerable.Range(7, 8), epochs.Select(r => r.Epoch));
        Assert.Equal(expected.History.Select(r => (r.Epoch, r.LearningRate, r.Loss, r.ValidationLoss, r.TrainAccuracy)),
            report.History.Select(r => (r.Epoch, r.LearningRate, r.Loss, r.ValidationLoss, r.TrainAccuracy)));
        Assert.Equal(expected.History.SelectMany(r => r.GradientNorms.ToArray()), report.History.SelectMany(r => r.GradientNorms.ToArray()));
        Assert.Equal(expected.BestEpoch, report.BestEpoch);
        Assert.Contains(expected.History, r => r.LearningRate < 0.02); // the plateau schedule did cut the rate
        Assert.Equal([options.CheckpointPath!, Path.Combine(_folder, "whole.ckpt")], Directory.GetFiles(_folder).Order()); // no temporary files left
    }

    [Fact]
    public void A_damaged_or_foreign_checkpoint_is_refused_and_changes_nothing()
    {
        var (train, validation) = Data();
        var options = Options("a.ckpt") with { Epochs = 3, EarlyStopping = null };
        Sgd.Train(Recipes.TwoLayer(seed: 1), train, options, validation);
        var model = Recipes.TwoLayer(seed: 2);
        var before = Theta.Of(model);

        void Refused(SgdOptions o, IModel m, Dataset? v, string message)
        {
            var error = Assert.Throws<InvalidDataException>(() => Sgd.Resume(m, train, o, v));
            Assert.Contains(message, error.Message);
        }
        Refused(options with { Optimizer = new AdamOptimizer() }, model, validation, "optimizer adam");
        Refused(options, Recipes.TwoLayer(seed: 2, hidden: 5), validation, "another run");
        Refused(options, model, null, "0 validation examples");
        Refused(options with { Epochs = 2 }, model, validation, "after epoch 3");
        Refused(options with { EarlyStopping = new EarlyStopping { Patience = 1 } }, model, validation, "early-stopping");

        byte[] bytes = File.ReadAllBytes(options.CheckpointPath!);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(options.CheckpointPath!, bytes);
        Refused(options, model, validation, "checksum");
        File.WriteAllBytes(options.CheckpointPath!, bytes[..100]);
        Refused(options, model, validation, "checksum");
        File.WriteAllText(options.CheckpointPath!, "hello");
        Refused(options, model, validation, "not a SymGrad checkpoint");
        Theta.AssertBitIdentical(before, Theta.Of(model));

        Assert.Throws<FileNotFoundException>(() => Sgd.Resume(model, train, options with { CheckpointPath = Path.Combine(_folder, "none") }, validation));
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => Sgd.Resume(model, train, options with { CheckpointPath = null }, validation)).ParamName);
    }
}
