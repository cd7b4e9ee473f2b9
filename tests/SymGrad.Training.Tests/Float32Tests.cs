using System.Buffers.Binary;
using System.Security.Cryptography;
using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// Float32 models (<c>Precision.Float32</c>) in the runtime: <see cref="Sgd"/> trains them (float64 master θ, float32
/// passes) as well as their float64 twins, and <see cref="ParameterFile"/> saves float32 values, refuses a file of the
/// other element type and still reads version 3 files.
/// </summary>
public sealed class Float32Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symgrad-f32-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SgdOptions Options = new() { LearningRate = 0.1, Epochs = 60, BatchSize = 8, L2 = 1e-4, Seed = 3 };

    [Theory]
    [InlineData(8)]
    [InlineData(1)]   // one example per step: the model's per-example Gradient
    public void A_float32_model_trains_on_the_moons_as_well_as_its_float64_twin(int batchSize)
    {
        var train = Recipes.Moons(count: 200, seed: 7);
        var validation = Recipes.Moons(count: 200, seed: 8);
        var wide = new Models.TwoLayerModel(H: 8, D: 2, seed: 1);
        var narrow = new Models.TwoLayerModelFloat32(H: 8, D: 2, seed: 1);
        var options = Options with { BatchSize = batchSize, Epochs = batchSize == 1 ? 15 : 60 };

        var wideReport = Sgd.Train<LogisticLoss>(wide, train, options, validation);
        var narrowReport = Sgd.Train<LogisticLoss>(narrow, train, options, validation);

        Assert.True(wideReport.Final.ValidationAccuracy >= 0.85, $"float64 reached {wideReport.Final.ValidationAccuracy}");
        Assert.True(narrowReport.Final.ValidationAccuracy >= wideReport.Final.ValidationAccuracy - 0.02,
            $"float32 reached {narrowReport.Final.ValidationAccuracy}, float64 {wideReport.Final.ValidationAccuracy}");
        // The trained model holds the master θ rounded, and its own scores give the reported accuracy.
        Assert.Equal(narrowReport.Final.ValidationAccuracy, Accuracy(narrow, validation));
        // The runs differ only by rounding: the two θ stay close.
        for (int j = 0; j < wide.ParameterCount; j++)
            Assert.True(Math.Abs(wide.Parameters[j] - narrow.Parameters[j]) <= 1e-2 * (1 + Math.Abs(wide.Parameters[j])), $"θ[{j}]: {wide.Parameters[j]} against {narrow.Parameters[j]}");
    }

    private static double Accuracy(IModel<float> model, Dataset data)
    {
        int correct = 0;
        var x = new float[data.InputLength];
        for (int i = 0; i < data.Count; i++)
        {
            for (int j = 0; j < x.Length; j++) x[j] = (float)data.Input(i)[j];
            if (Math.Sign(model.Forward(x)) == Math.Sign(data.Targets[i])) correct++;
        }
        return (double)correct / data.Count;
    }

    [Fact]
    public void Float32_training_is_reproducible()
    {
        var data = Recipes.Moons();
        var first = new Models.TwoLayerModelFloat32(H: 8, D: 2, seed: 1);
        var second = new Models.TwoLayerModelFloat32(H: 8, D: 2, seed: 1);
        Sgd.Train(first, data, Options with { Epochs = 5 });
        Sgd.Train(second, data, Options with { Epochs = 5 });
        Assert.Equal(first.Parameters.ToArray(), second.Parameters.ToArray());
    }

    [Fact]
    public void A_float32_run_resumes_from_its_checkpoint_with_bit_identical_theta()
    {
        var train = Recipes.Moons(count: 120, seed: 7);
        var options = Options with { Optimizer = new AdamOptimizer(), Epochs = 9, BatchSize = 7, CheckpointPath = Path.Combine(_folder, "run.ckpt"), CheckpointEvery = 3 };
        var uninterrupted = new Models.TwoLayerModelFloat32(H: 4, D: 2, seed: 1);
        var expected = Sgd.Train<LogisticLoss>(uninterrupted, train, options with { CheckpointPath = Path.Combine(_folder, "whole.ckpt") });

        // Interrupted in epoch 5: the checkpoint is after epoch 3, and the model has moved on since.
        using var cancellation = new CancellationTokenSource();
        var progress = new SgdTests.Recorder([], r => { if (r.Epoch == 4) cancellation.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => Sgd.Train<LogisticLoss>(new Models.TwoLayerModelFloat32(H: 4, D: 2, seed: 1), train, options, null, progress, cancellation.Token));

        var resumed = new Models.TwoLayerModelFloat32(H: 4, D: 2, seed: 99); // another θ: the master must come from the checkpoint
        var report = Sgd.Resume<LogisticLoss>(resumed, train, options);

        Assert.Equal(uninterrupted.Parameters.ToArray(), resumed.Parameters.ToArray());
        Assert.Equal(expected.History.Select(r => (r.Epoch, r.Loss, r.TrainAccuracy)), report.History.Select(r => (r.Epoch, r.Loss, r.TrainAccuracy)));
    }

    [Fact]
    public void A_checkpoint_resumes_only_the_element_type_that_wrote_it()
    {
        var train = Recipes.Moons(count: 60, seed: 7);
        var options = Options with { Epochs = 2, CheckpointPath = Path.Combine(_folder, "f32.ckpt") };
        Sgd.Train(new Models.TwoLayerModelFloat32(H: 4, D: 2, seed: 1), train, options);
        Sgd.Train(new Models.TwoLayerModel(H: 4, D: 2, seed: 1), train, options with { CheckpointPath = Path.Combine(_folder, "f64.ckpt") });

        var wide = new Models.TwoLayerModel(H: 4, D: 2, seed: 5);
        double[] wideBefore = wide.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => Sgd.Resume(wide, train, options with { Epochs = 4 }));
        Assert.Contains("TwoLayer in float32", error.Message);
        Assert.Equal(wideBefore, wide.Parameters.ToArray());

        var narrow = new Models.TwoLayerModelFloat32(H: 4, D: 2, seed: 5);
        float[] narrowBefore = narrow.Parameters.ToArray();
        Assert.Throws<InvalidDataException>(() => Sgd.Resume(narrow, train, options with { Epochs = 4, CheckpointPath = Path.Combine(_folder, "f64.ckpt") }));
        Assert.Equal(narrowBefore, narrow.Parameters.ToArray());
    }

    private static Models.TwoLayerModelFloat32 TwoLayer32(int seed, int hidden = 4, double scale = 1.0)
    {
        var net = new Models.TwoLayerModelFloat32(H: hidden, D: 2, seed: 0);
        net.Initialize(seed, scale);
        return net;
    }

    [Fact]
    public void Float32_restarts_keep_the_best_and_equal_the_sequential_run_and_each_seed_trained_alone()
    {
        var (train, validation) = Recipes.Moons(count: 120).Split(0.5, seed: 1);
        var options = new SgdOptions { LearningRate = 0.05, Epochs = 15, Seed = 10, Optimizer = new SgdOptimizer { Momentum = 0.5 }, BatchSize = 3 };
        var sequential = RandomRestarts.TrainFloat32<Models.TwoLayerModelFloat32, SquaredLoss>(seed => TwoLayer32(seed), 5, train, validation,
            options with { MaxDegreeOfParallelism = 1 });
        var parallel = RandomRestarts.TrainFloat32<Models.TwoLayerModelFloat32, SquaredLoss>(seed => TwoLayer32(seed), 5, train, validation,
            options with { MaxDegreeOfParallelism = 4 });

        Assert.Equal([10, 11, 12, 13, 14], sequential.Scores.Select(s => s.Seed));
        Assert.Equal(sequential.Scores, parallel.Scores);
        Assert.Equal(sequential.BestIndex, parallel.BestIndex);
        Assert.Equal(sequential.Best.Parameters.ToArray(), parallel.Best.Parameters.ToArray());

        var best = sequential.Scores[sequential.BestIndex];
        Assert.All(sequential.Scores, s => Assert.True(
            s.ValidationAccuracy < best.ValidationAccuracy || (s.ValidationAccuracy == best.ValidationAccuracy && s.ValidationLoss >= best.ValidationLoss)));
        Assert.Equal(best.ValidationAccuracy, Evaluation.Accuracy(sequential.Best, validation));
        Assert.Equal(best.ValidationLoss, Evaluation.MeanLoss<SquaredLoss>(sequential.Best, validation));
        var alone = TwoLayer32(best.Seed);
        Sgd.Train(alone, train, options with { Seed = best.Seed }, validation);
        Assert.Equal(alone.Parameters.ToArray(), sequential.Best.Parameters.ToArray());

        // A diverging restart is recorded and never kept.
        var diverging = RandomRestarts.TrainFloat32<Models.TwoLayerModelFloat32, SquaredLoss>(
            seed => seed == 11 ? TwoLayer32(seed, scale: 1e30) : TwoLayer32(seed), 3, train, validation, options);
        Assert.Equal([false, true, false], diverging.Scores.Select(s => s.Diverged));
        Assert.NotEqual(1, diverging.BestIndex);
    }

    [Fact]
    public void A_float32_search_scores_each_point_as_trained_alone_and_equals_the_sequential_run()
    {
        var (train, validation) = Recipes.Moons(count: 120).Split(0.5, seed: 3);
        var options = new SgdOptions { Seed = 4, BatchSize = 2 };
        var grid = Hyperparameters.Grid([0.001, 0.05], [2, 8], [0.5], [0, 1e-2], [10]).ToList();
        SearchTable Search(int degree) => HyperparameterSearch.RunFloat32<Models.TwoLayerModelFloat32, LogisticLoss>(grid,
            (p, seed) => TwoLayer32(seed, p.Hidden, p.InitScale), train, validation, options with { MaxDegreeOfParallelism = degree });
        var table = Search(1);
        Assert.Equal(table.ToString(), Search(-1).ToString());
        Assert.Equal(grid, table.Select(r => r.Hyperparameters));

        var p = table[5].Hyperparameters;
        var alone = TwoLayer32(options.Seed, p.Hidden, p.InitScale);
        Sgd.Train<LogisticLoss>(alone, train, options with { LearningRate = p.LearningRate, L2 = p.L2, Epochs = p.Epochs });
        Assert.Equal(Evaluation.Accuracy(alone, validation), table[5].Score.ValidationAccuracy);
        Assert.Equal(Evaluation.MeanLoss<LogisticLoss>(alone, validation), table[5].Score.ValidationLoss);
        Assert.True(table.Best.Score.ValidationAccuracy > 0.8, table.ToString());
    }

    [Fact]
    public void A_float32_model_saves_float32_values_and_loads_them_bit_exactly()
    {
        var model = new Models.LinearModelFloat32(D: 2, seed: 4);
        model.Parameters[0] = -0.0f;
        model.Parameters[1] = float.Epsilon;
        string path = Path.Combine(_folder, "linear32.sgp");
        ParameterFile.Save(model, path);
        byte[] bytes = File.ReadAllBytes(path);
        // magic 8 + version 2 + name 38 + input length 4 + block count 4 + blocks 2 × 15 + no transform 1, then the element type.
        Assert.Equal(2, bytes[87]);                                    // Precision.Float32
        Assert.Equal(88 + 4 + 3 * 4 + 32, bytes.Length);               // count, three floats, SHA-256
        Assert.Equal(float.Epsilon, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(92 + 4)));

        var loaded = new Models.LinearModelFloat32(D: 2, seed: 9);
        ParameterFile.Load(loaded, path);
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.True(float.IsNegative(loaded.Parameters[0]));
    }

    [Fact]
    public void A_file_of_the_other_element_type_is_refused_and_nothing_changes()
    {
        string wide = Path.Combine(_folder, "wide.sgp"), narrow = Path.Combine(_folder, "narrow.sgp");
        ParameterFile.Save(new Models.LinearModel(D: 2, seed: 1), wide);
        ParameterFile.Save(new Models.LinearModelFloat32(D: 2, seed: 1), narrow);

        var model32 = new Models.LinearModelFloat32(D: 2, seed: 5);
        float[] before32 = model32.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(model32, wide));
        Assert.Contains("float64 parameters of model SymGrad.Training.Tests.Models.Linear, but this model is float32", error.Message);
        Assert.Equal(before32, model32.Parameters.ToArray());

        var model64 = new Models.LinearModel(D: 2, seed: 5);
        double[] before64 = model64.Parameters.ToArray();
        error = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(model64, narrow));
        Assert.Contains("float32 parameters of model SymGrad.Training.Tests.Models.Linear, but this model is float64", error.Message);
        Assert.Equal(before64, model64.Parameters.ToArray());
    }

    [Fact]
    public void A_version_3_file_without_an_element_type_still_loads_as_float64()
    {
        var model = new Models.LinearModel(D: 2, seed: 1);
        string path = Path.Combine(_folder, "v3.sgp");
        ParameterFile.Save(model, path);
        // Version 3 is version 4 without the element type byte (after the transform byte, at 87 here).
        byte[] v4 = File.ReadAllBytes(path);
        byte[] v3 = [.. v4[..87], .. v4[88..]];
        v3[8] = 3;
        SHA256.HashData(v3.AsSpan(0, v3.Length - 32), v3.AsSpan(v3.Length - 32));
        File.WriteAllBytes(path, v3);

        var loaded = new Models.LinearModel(D: 2, seed: 9);
        ParameterFile.Load(loaded, path);
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
    }
}
