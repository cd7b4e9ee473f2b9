using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// Float32 vector models in the runtime: <see cref="Sgd"/> trains them on class labels (float64 master θ, float32 passes,
/// the class loss in double on the widened scores) as well as their float64 twins, a run resumes from its checkpoint,
/// and <see cref="ParameterFile"/> saves and loads them bit-exactly and refuses the other element type.
/// </summary>
public sealed class Float32ClassTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symgrad-f32c-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SgdOptions Options = new() { LearningRate = 0.1, Epochs = 30, BatchSize = 8, L2 = 1e-4, Seed = 4 };

    /// <summary>Three interleaved spiral arms in the plane, labelled 0, 1, 2, with Gaussian noise: not separable by a small model to 100 %.</summary>
    private static Dataset ThreeSpirals(int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new double[count][];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int k = i % 3;
            double r = 0.1 + 0.9 * random.NextDouble(), t = 2 * Math.PI * (r + k / 3.0);
            double n1 = 0.08 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            double n2 = 0.08 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            inputs[i] = [r * Math.Cos(t) + n1, r * Math.Sin(t) + n2];
            labels[i] = k;
        }
        return Dataset.WithLabels(inputs, labels);
    }

    [Theory]
    [InlineData(8, typeof(SoftmaxCrossEntropy))]
    [InlineData(1, typeof(SoftmaxCrossEntropy))]   // one example per step: the model's per-example Gradient
    [InlineData(8, typeof(MulticlassHinge))]
    public void A_float32_classifier_trains_on_three_spirals_as_well_as_its_float64_twin(int batchSize, Type loss)
    {
        var train = ThreeSpirals(300, 1);
        var validation = ThreeSpirals(300, 2);
        var wide = new Models.ClassifierModel(H: 16, D: 2, K: 3, seed: 3);
        var narrow = new Models.ClassifierModelFloat32(H: 16, D: 2, K: 3, seed: 3);
        var options = Options with { BatchSize = batchSize, Epochs = batchSize == 1 ? 20 : 80 };

        var (wideReport, narrowReport) = loss == typeof(SoftmaxCrossEntropy)
            ? (Sgd.Train<SoftmaxCrossEntropy>(wide, train, options, validation), Sgd.Train<SoftmaxCrossEntropy>(narrow, train, options, validation))
            : (Sgd.Train<MulticlassHinge>(wide, train, options, validation), Sgd.Train<MulticlassHinge>(narrow, train, options, validation));

        Assert.True(wideReport.Final.ValidationAccuracy >= 0.65, $"float64 reached {wideReport.Final.ValidationAccuracy}");
        Assert.True(narrowReport.Final.ValidationAccuracy >= wideReport.Final.ValidationAccuracy - 0.02,
            $"float32 reached {narrowReport.Final.ValidationAccuracy}, float64 {wideReport.Final.ValidationAccuracy}");
        // The trained model holds the master θ rounded, and its own Predict gives the reported accuracy.
        Assert.Equal(narrowReport.Final.ValidationAccuracy, Accuracy(narrow, validation));
        Assert.True(Math.Abs(wideReport.Final.Loss - narrowReport.Final.Loss) <= 1e-3 * (1 + wideReport.Final.Loss),
            $"final training loss: float64 {wideReport.Final.Loss}, float32 {narrowReport.Final.Loss}");
        for (int j = 0; j < wide.ParameterCount; j++)
            Assert.True(Math.Abs(wide.Parameters[j] - narrow.Parameters[j]) <= 1e-2 * (1 + Math.Abs(wide.Parameters[j])), $"θ[{j}]: {wide.Parameters[j]} against {narrow.Parameters[j]}");
    }

    private static double Accuracy(IVectorModel<float> model, Dataset data)
    {
        int correct = 0;
        var x = new float[data.InputLength];
        for (int i = 0; i < data.Count; i++)
        {
            for (int j = 0; j < x.Length; j++) x[j] = (float)data.Input(i)[j];
            if (model.Predict(x) == (int)data.Targets[i]) correct++;
        }
        return (double)correct / data.Count;
    }

    [Fact]
    public void Float32_class_training_is_reproducible_whatever_the_degree_of_parallelism()
    {
        var data = ClassTrainingTests.Blobs(200, 5);
        var first = new Models.ClassifierModelFloat32(H: 64, D: 2, K: 3, seed: 1);
        var second = new Models.ClassifierModelFloat32(H: 64, D: 2, K: 3, seed: 1);
        // Batches of 600 are cut into four chunks (MinibatchGradients), summed on one thread or on two.
        var options = Options with { Epochs = 3, BatchSize = 600 };
        Sgd.Train<SoftmaxCrossEntropy>(first, data, options with { MaxDegreeOfParallelism = 1 });
        Sgd.Train<SoftmaxCrossEntropy>(second, data, options with { MaxDegreeOfParallelism = 2 });
        Assert.Equal(first.Parameters.ToArray(), second.Parameters.ToArray());
    }

    [Fact]
    public void A_float32_class_run_resumes_from_its_checkpoint_with_bit_identical_theta()
    {
        var train = ClassTrainingTests.Blobs(30, 7);
        var options = Options with { Optimizer = new AdamOptimizer(), Epochs = 9, BatchSize = 7, CheckpointPath = Path.Combine(_folder, "run.ckpt"), CheckpointEvery = 3 };
        var uninterrupted = new Models.ClassifierModelFloat32(H: 4, D: 2, K: 3, seed: 1);
        var expected = Sgd.Train<SoftmaxCrossEntropy>(uninterrupted, train, options with { CheckpointPath = Path.Combine(_folder, "whole.ckpt") });

        using var cancellation = new CancellationTokenSource();
        var progress = new SgdTests.Recorder([], r => { if (r.Epoch == 4) cancellation.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => Sgd.Train<SoftmaxCrossEntropy>(new Models.ClassifierModelFloat32(H: 4, D: 2, K: 3, seed: 1), train, options, null, progress, cancellation.Token));

        var resumed = new Models.ClassifierModelFloat32(H: 4, D: 2, K: 3, seed: 99);
        var report = Sgd.Resume<SoftmaxCrossEntropy>(resumed, train, options);
        Assert.Equal(uninterrupted.Parameters.ToArray(), resumed.Parameters.ToArray());
        Assert.Equal(expected.History.Select(r => (r.Epoch, r.Loss, r.TrainAccuracy)), report.History.Select(r => (r.Epoch, r.Loss, r.TrainAccuracy)));

        // The float64 twin refuses the float32 run's checkpoint, and the float64 class run resumes bit-identically too.
        var wide = new Models.ClassifierModel(H: 4, D: 2, K: 3, seed: 5);
        double[] before = wide.Parameters.ToArray();
        Assert.Throws<InvalidDataException>(() => Sgd.Resume<SoftmaxCrossEntropy>(wide, train, options));
        Assert.Equal(before, wide.Parameters.ToArray());
        var wideOptions = options with { CheckpointPath = Path.Combine(_folder, "wide.ckpt") };
        var wideWhole = new Models.ClassifierModel(H: 4, D: 2, K: 3, seed: 1);
        Sgd.Train<SoftmaxCrossEntropy>(wideWhole, train, wideOptions with { CheckpointPath = Path.Combine(_folder, "wide-whole.ckpt") });
        using var cancelWide = new CancellationTokenSource();
        var stop = new SgdTests.Recorder([], r => { if (r.Epoch == 4) cancelWide.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => Sgd.Train<SoftmaxCrossEntropy>(new Models.ClassifierModel(H: 4, D: 2, K: 3, seed: 1), train, wideOptions, null, stop, cancelWide.Token));
        Sgd.Resume<SoftmaxCrossEntropy>(wide, train, wideOptions);
        Theta.AssertBitIdentical(wideWhole.Parameters, wide.Parameters);
    }

    [Fact]
    public void A_float32_classifier_saves_and_loads_bit_exactly_and_refuses_the_other_element_type()
    {
        var model = new Models.ClassifierModelFloat32(H: 5, D: 2, K: 3, seed: 4);
        model.Parameters[0] = -0.0f;
        model.Parameters[1] = float.Epsilon;
        string narrow = Path.Combine(_folder, "classifier32.sgp"), wide = Path.Combine(_folder, "classifier64.sgp");
        ParameterFile.Save(model, narrow);
        ParameterFile.Save(new Models.ClassifierModel(H: 5, D: 2, K: 3, seed: 4), wide);

        var loaded = new Models.ClassifierModelFloat32(H: 5, D: 2, K: 3, seed: 9);
        ParameterFile.Load(loaded, narrow);
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.True(float.IsNegative(loaded.Parameters[0]));

        float[] before32 = loaded.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(loaded, wide));
        Assert.Contains("float64 parameters of model SymGrad.Training.Tests.Models.Classifier, but this model is float32", error.Message);
        Assert.Equal(before32, loaded.Parameters.ToArray());

        var model64 = new Models.ClassifierModel(H: 5, D: 2, K: 3, seed: 5);
        double[] before64 = model64.Parameters.ToArray();
        error = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(model64, narrow));
        Assert.Contains("float32 parameters of model SymGrad.Training.Tests.Models.Classifier, but this model is float64", error.Message);
        Assert.Equal(before64, model64.Parameters.ToArray());
    }

    private static Models.ClassifierModelFloat32 Classifier32(int seed, int hidden = 3, double scale = 1.5)
    {
        var model = new Models.ClassifierModelFloat32(H: hidden, D: 2, K: 3, seed: seed);
        model.Initialize(seed, scale);
        return model;
    }

    [Fact]
    public void Float32_classifier_restarts_keep_the_best_and_equal_the_sequential_run()
    {
        var train = ClassTrainingTests.Blobs(20, 6);
        var validation = ClassTrainingTests.Blobs(15, 7);
        var options = new SgdOptions { LearningRate = 0.1, Epochs = 6, BatchSize = 4, Seed = 20, Optimizer = new SgdOptimizer { Momentum = 0.5 } };
        var sequential = RandomRestarts.TrainClassifierFloat32<Models.ClassifierModelFloat32, SoftmaxCrossEntropy>(s => Classifier32(s), 5, train, validation,
            options with { MaxDegreeOfParallelism = 1 });
        var parallel = RandomRestarts.TrainClassifierFloat32<Models.ClassifierModelFloat32, SoftmaxCrossEntropy>(s => Classifier32(s), 5, train, validation,
            options with { MaxDegreeOfParallelism = 4 });

        Assert.Equal([20, 21, 22, 23, 24], sequential.Scores.Select(s => s.Seed));
        Assert.Equal(sequential.Scores, parallel.Scores);
        Assert.Equal(sequential.BestIndex, parallel.BestIndex);
        Assert.Equal(sequential.Best.Parameters.ToArray(), parallel.Best.Parameters.ToArray());

        var best = sequential.Scores[sequential.BestIndex];
        Assert.All(sequential.Scores, s => Assert.True(
            s.ValidationAccuracy < best.ValidationAccuracy || (s.ValidationAccuracy == best.ValidationAccuracy && s.ValidationLoss >= best.ValidationLoss)));
        Assert.Equal(ClassEvaluation.Accuracy(sequential.Best, validation), best.ValidationAccuracy);
        Assert.Equal(ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>(sequential.Best, validation), best.ValidationLoss);
        var alone = Classifier32(best.Seed);
        Sgd.Train<SoftmaxCrossEntropy>(alone, train, options with { Seed = best.Seed }, validation);
        Assert.Equal(alone.Parameters.ToArray(), sequential.Best.Parameters.ToArray());

        var bad = Dataset.WithLabels([[0.0, 0]], [3]);
        var error = Assert.Throws<ArgumentException>(() => RandomRestarts.TrainClassifierFloat32<Models.ClassifierModelFloat32, MulticlassHinge>(
            s => Classifier32(s), 2, bad, validation, options));
        Assert.Contains("example 0 has label 3", error.Message);
    }

    [Fact]
    public void A_float32_classifier_search_scores_each_point_as_trained_alone_and_equals_the_sequential_run()
    {
        var train = ClassTrainingTests.Blobs(20, 8);
        var validation = ClassTrainingTests.Blobs(15, 9);
        var options = new SgdOptions { LearningRate = 0.1, Epochs = 6, BatchSize = 4, Seed = 20 };
        var grid = Hyperparameters.Grid([0.003, 0.1], [2, 5], [1.0], [0, 1e-3], [4]).ToList();
        SearchTable Search(int degree) => HyperparameterSearch.RunClassifierFloat32<Models.ClassifierModelFloat32, MulticlassHinge>(grid,
            (p, seed) => Classifier32(seed, p.Hidden, p.InitScale), train, validation, options with { MaxDegreeOfParallelism = degree });
        var table = Search(1);
        Assert.Equal(table.ToString(), Search(-1).ToString());
        Assert.Equal(grid, table.Select(r => r.Hyperparameters));

        var row = table[5];
        var alone = Classifier32(options.Seed, row.Hyperparameters.Hidden, row.Hyperparameters.InitScale);
        Sgd.Train<MulticlassHinge>(alone, train, options with
        {
            LearningRate = row.Hyperparameters.LearningRate, L2 = row.Hyperparameters.L2, Epochs = row.Hyperparameters.Epochs,
        });
        Assert.Equal(ClassEvaluation.Accuracy(alone, validation), row.Score.ValidationAccuracy);
        Assert.Equal(ClassEvaluation.MeanLoss<MulticlassHinge>(alone, validation), row.Score.ValidationLoss);
        Assert.True(table.Best.Score.ValidationAccuracy > 0.8, table.ToString());
    }

    [Fact]
    public void A_label_outside_the_classes_is_refused_before_the_float32_model_changes()
    {
        var model = new Models.ClassifierModelFloat32(H: 4, D: 2, K: 3, seed: 1);
        float[] before = model.Parameters.ToArray();
        var bad = Dataset.WithLabels([[0.0, 1.0], [1.0, 0.0]], [1, 3]);
        var error = Assert.Throws<ArgumentException>(() => Sgd.Train<SoftmaxCrossEntropy>(model, bad, Options));
        Assert.Contains("example 1 has label 3", error.Message);
        Assert.Equal(before, model.Parameters.ToArray());
    }
}
