using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>Vector models on class labels: training, class metrics, target checks, parameter files and layer-wise copying.</summary>
public class ClassTrainingTests
{
    /// <summary>Three Gaussian blobs in the plane, labelled 0, 1, 2.</summary>
    internal static Dataset Blobs(int perClass, int seed)
    {
        var random = new Random(seed);
        double[][] centres = { new[] { 0.0, 2.0 }, new[] { -1.8, -1.0 }, new[] { 1.8, -1.0 } };
        var inputs = new List<double[]>();
        var labels = new List<int>();
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < perClass; i++)
            {
                inputs.Add(new[] { centres[k][0] + 0.5 * Gauss(random), centres[k][1] + 0.5 * Gauss(random) });
                labels.Add(k);
            }
        return Dataset.WithLabels(inputs.ToArray(), labels.ToArray());
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void Softmax_cross_entropy_learns_three_blobs()
    {
        var train = Blobs(60, 1);
        var test = Blobs(40, 2);
        var model = new Models.ClassifierModel(H: 8, D: 2, K: 3, seed: 3);
        double before = ClassEvaluation.Accuracy(model, test);
        var report = Sgd.Train<SoftmaxCrossEntropy>(model, train, new SgdOptions { LearningRate = 0.1, Epochs = 40, BatchSize = 8, Seed = 4 }, test);
        double after = ClassEvaluation.Accuracy(model, test);
        Assert.True(after >= 0.95, $"test accuracy {after} (before {before})");
        Assert.Equal(after, report.Final.ValidationAccuracy); // the same ForwardBatch runs: the same bits
        Assert.True(report.History[^1].Loss < report.History[0].Loss);
    }

    [Fact]
    public void The_confusion_matrix_scores_runs_of_rows_through_ForwardBatch_on_either_layout()
    {
        // K = 3: runs of ⌊1,024 / 3⌋ = 341 rows, at most 128; the 303 examples are 128 + 128 + 47.
        var jagged = Blobs(101, 3);
        Assert.False(jagged.IsContiguous);
        var model = new CountingVectorModel(new Models.ClassifierModel(H: 8, D: 2, K: 3, seed: 3));
        var matrix = ClassEvaluation.ConfusionMatrix(model, jagged);

        Assert.Equal([128, 128, 47], model.BatchRows);
        Assert.Equal(0, model.SingleCalls);
        var predicted = new int[3, 3]; // no score of these lies near a tie: Predict, example by example, agrees
        for (int i = 0; i < jagged.Count; i++) predicted[(int)jagged.Targets[i], model.Predict(jagged.Input(i))]++;
        for (int t = 0; t < 3; t++)
            for (int p = 0; p < 3; p++) Assert.Equal(predicted[t, p], matrix[t, p]);
        Assert.Equal(matrix.Accuracy, ClassEvaluation.Accuracy(model, jagged.ToContiguous()));
    }

    [Fact]
    public void A_NaN_score_stops_the_confusion_matrix_as_it_stops_Predict()
    {
        // A data set's inputs are finite (it refuses others), so a NaN score is the model's fault: no class to count.
        var model = new Models.ClassifierModel(H: 4, D: 2, K: 3, seed: 1);
        model.b2[1] = double.NaN;
        var data = Dataset.WithLabels(new[] { new[] { 0.0, 1 }, new[] { 1.0, 0 } }, new[] { 0, 1 });
        var expected = Assert.Throws<InvalidOperationException>(() => model.Predict(data.Input(0)));
        Assert.Equal(expected.Message, Assert.Throws<InvalidOperationException>(() => ClassEvaluation.ConfusionMatrix(model, data)).Message);
    }

    /// <summary>Counts how the evaluation scores examples: the rows of each <c>ForwardBatch</c>, and single <c>Forward</c> calls.</summary>
    private sealed class CountingVectorModel(IVectorModel inner) : ForwardingVectorModel(inner)
    {
        public List<int> BatchRows { get; } = [];
        public int SingleCalls { get; private set; }

        public override void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> scores)
        {
            BatchRows.Add(scores.Length / OutputLength);
            base.ForwardBatch(inputs, scores);
        }

        public override void Forward(ReadOnlySpan<double> x, Span<double> scores)
        {
            SingleCalls++;
            base.Forward(x, scores);
        }

        public override IVectorModel Clone() => new CountingVectorModel(Inner.Clone());
    }

    [Fact]
    public void Confusion_matrix_precision_and_recall_count_predictions()
    {
        // A model that always predicts class 1: b2 = (0, 1, 0), every weight 0.
        var model = new Models.ClassifierModel(H: 2, D: 2, K: 3, seed: 1);
        model.Parameters.Clear();
        model.b2[1] = 1;
        var data = Dataset.WithLabels(new[] { new[] { 0.0, 0 }, new[] { 1.0, 0 }, new[] { 0.0, 1 }, new[] { 1.0, 1 } }, new[] { 0, 1, 1, 2 });
        var m = ClassEvaluation.ConfusionMatrix(model, data);
        Assert.Equal(3, m.Classes);
        Assert.Equal(4, m.Total);
        Assert.Equal(1, m[0, 1]);
        Assert.Equal(2, m[1, 1]);
        Assert.Equal(1, m[2, 1]);
        Assert.Equal(0, m[1, 0]);
        Assert.Equal(0.5, m.Accuracy);
        Assert.Equal(0.5, m.Precision(1));
        Assert.Equal(1.0, m.Recall(1));
        Assert.Equal(0.0, m.Recall(0));
        Assert.True(double.IsNaN(m.Precision(0)));
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => m.Recall(m.Classes)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => m.Precision(-1)).ParamName);
        Assert.Equal("predicted", Assert.Throws<ArgumentOutOfRangeException>(() => m[0, m.Classes]).ParamName);
    }

    [Fact]
    public void A_label_outside_the_classes_is_refused_before_anything_changes()
    {
        var model = new Models.ClassifierModel(H: 4, D: 2, K: 3, seed: 1);
        var theta = model.Parameters.ToArray();
        var data = Dataset.WithLabels(new[] { new[] { 0.0, 0 }, new[] { 1.0, 0 }, new[] { 0.0, 1 } }, new[] { 0, 3, 1 });
        var e = Assert.Throws<ArgumentException>(() => Sgd.Train<SoftmaxCrossEntropy>(model, data, new SgdOptions { Epochs = 1 }));
        Assert.Equal("train", e.ParamName);
        Assert.Contains("example 1 has label 3", e.Message);
        Assert.Contains("subtract 1", e.Message);
        Assert.Equal(theta, model.Parameters.ToArray());
        Assert.Throws<ArgumentException>(() => Dataset.WithLabels(new[] { new[] { 0.0 } }, new[] { -1 }));
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>(model, data)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>((IVectorModel)null!, data)).ParamName);
    }

    [Theory]
    [InlineData(typeof(LogisticLoss))]
    [InlineData(typeof(HingeLoss))]
    public void Zero_one_targets_for_a_binary_loss_are_refused_before_anything_changes(Type loss)
    {
        var model = new Models.TwoLayerModel(H: 3, D: 2, seed: 1);
        var theta = model.Parameters.ToArray();
        var data = new Dataset(new[] { new[] { 0.0, 0 }, new[] { 1.0, 0 }, new[] { 0.0, 1 } }, new[] { 1.0, 0.0, 1.0 });
        var options = new SgdOptions { Epochs = 1 };
        Action train = loss == typeof(LogisticLoss)
            ? () => Sgd.Train<LogisticLoss>(model, data, options)
            : () => Sgd.Train<HingeLoss>(model, data, options);
        var e = Assert.Throws<ArgumentException>(train);
        Assert.Equal("train", e.ParamName);
        Assert.Contains($"{loss.Name} takes targets −1 and +1, but example 1 has target 0", e.Message);
        Assert.Contains("0/1 labels", e.Message);
        Assert.Equal(theta, model.Parameters.ToArray());
    }

    [Fact]
    public void Parameter_files_and_layer_wise_copying_work_for_vector_models()
    {
        var train = Blobs(30, 5);
        var shallow = new Models.ClassifierModel(H: 6, D: 2, K: 3, seed: 2);
        Sgd.Train<SoftmaxCrossEntropy>(shallow, train, new SgdOptions { LearningRate = 0.1, Epochs = 10, Seed = 1 });
        string path = Path.Combine(Path.GetTempPath(), $"symgrad-classifier-{Guid.NewGuid():N}.bin");
        try
        {
            ParameterFile.Save(shallow, path);
            var loaded = new Models.ClassifierModel(H: 6, D: 2, K: 3, seed: 9);
            ParameterFile.Load(loaded, path);
            Assert.Equal(shallow.Parameters.ToArray(), loaded.Parameters.ToArray());
            Assert.Equal(ClassEvaluation.Accuracy(shallow, train), ClassEvaluation.Accuracy(loaded, train));
        }
        finally { File.Delete(path); }

        var deep = new Models.DeepClassifierModel(H: 6, D: 2, K: 3, seed: 3);
        ParameterTransfer.CopyBlocks(shallow, deep, "W1", "b1");
        Assert.Equal(shallow.W1.ToArray(), deep.W1.ToArray());
        Assert.Equal(shallow.b1.ToArray(), deep.b1.ToArray());
    }

    [Fact]
    public void A_parameter_file_or_block_of_another_class_count_is_refused_and_changes_nothing()
    {
        var three = new Models.ClassifierModel(H: 4, D: 2, K: 3, seed: 1);
        var four = new Models.ClassifierModel(H: 4, D: 2, K: 4, seed: 2);
        var before = four.Parameters.ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"symgrad-classifier-{Guid.NewGuid():N}.bin");
        try
        {
            ParameterFile.Save(three, path);
            var e = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(four, path));
            Assert.Contains("other dimensions", e.Message);
        }
        finally { File.Delete(path); }
        var shape = Assert.Throws<ArgumentException>(() => ParameterTransfer.CopyBlocks(three, four, "W1", "W2"));
        Assert.Contains("3×4", shape.Message);
        Assert.Equal(before, four.Parameters.ToArray());
    }

    private static readonly SgdOptions RestartOptions = new() { LearningRate = 0.1, Epochs = 6, BatchSize = 4, Seed = 20 };

    [Fact]
    public void Restarts_of_a_vector_model_keep_the_best_class_accuracy_and_equal_the_sequential_run()
    {
        var train = Blobs(20, 6);
        var validation = Blobs(15, 7);
        static Models.ClassifierModel Create(int seed)
        {
            var model = new Models.ClassifierModel(H: 3, D: 2, K: 3, seed: seed);
            model.Initialize(seed, scale: 1.5);
            return model;
        }
        var options = RestartOptions with { Optimizer = new SgdOptimizer { Momentum = 0.5 } };
        var sequential = RandomRestarts.TrainClassifier<Models.ClassifierModel, SoftmaxCrossEntropy>(Create, 5, train, validation,
            options with { MaxDegreeOfParallelism = 1 });
        var parallel = RandomRestarts.TrainClassifier<Models.ClassifierModel, SoftmaxCrossEntropy>(Create, 5, train, validation,
            options with { MaxDegreeOfParallelism = 4 });

        Assert.Equal([20, 21, 22, 23, 24], sequential.Scores.Select(s => s.Seed));
        Assert.Equal(sequential.Scores, parallel.Scores);
        Assert.Equal(sequential.BestIndex, parallel.BestIndex);
        Theta.AssertBitIdentical(sequential.Best.Parameters, parallel.Best.Parameters);

        // The scores are class accuracy and the class loss, and the kept model is its seed trained alone.
        var best = sequential.Scores[sequential.BestIndex];
        Assert.All(sequential.Scores, s => Assert.True(
            s.ValidationAccuracy < best.ValidationAccuracy || (s.ValidationAccuracy == best.ValidationAccuracy && s.ValidationLoss >= best.ValidationLoss)));
        Assert.Equal(ClassEvaluation.Accuracy(sequential.Best, validation), best.ValidationAccuracy);
        Assert.Equal(ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>(sequential.Best, validation), best.ValidationLoss);
        var alone = Create(best.Seed);
        Sgd.Train<SoftmaxCrossEntropy>(alone, train, options with { Seed = best.Seed }, validation);
        Theta.AssertBitIdentical(alone.Parameters, sequential.Best.Parameters);

        // A label the model has no class for is refused before any restart trains.
        var bad = Dataset.WithLabels(new[] { new[] { 0.0, 0 } }, new[] { 3 });
        var error = Assert.Throws<ArgumentException>(() => RandomRestarts.TrainClassifier<Models.ClassifierModel, MulticlassHinge>(
            Create, 2, bad, validation, options));
        Assert.Contains("example 0 has label 3", error.Message);
    }

    [Fact]
    public void A_search_over_a_vector_model_scores_each_point_as_trained_alone_and_equals_the_sequential_run()
    {
        var train = Blobs(20, 8);
        var validation = Blobs(15, 9);
        var grid = Hyperparameters.Grid([0.003, 0.1], [2, 5], [1.0], [0, 1e-3], [4]).ToList();
        static Models.ClassifierModel Create(Hyperparameters p, int seed)
        {
            var model = new Models.ClassifierModel(H: p.Hidden, D: 2, K: 3, seed: seed);
            model.Initialize(seed, p.InitScale);
            return model;
        }
        SearchTable Search(int degree) => HyperparameterSearch.RunClassifier<Models.ClassifierModel, MulticlassHinge>(grid, Create, train, validation,
            RestartOptions with { MaxDegreeOfParallelism = degree });
        var table = Search(1);
        Assert.Equal(table.ToString(), Search(-1).ToString());
        Assert.Equal(grid, table.Select(r => r.Hyperparameters));

        var row = table[5];
        var alone = Create(row.Hyperparameters, RestartOptions.Seed);
        Sgd.Train<MulticlassHinge>(alone, train, RestartOptions with
        {
            LearningRate = row.Hyperparameters.LearningRate, L2 = row.Hyperparameters.L2, Epochs = row.Hyperparameters.Epochs,
        });
        Assert.Equal(ClassEvaluation.Accuracy(alone, validation), row.Score.ValidationAccuracy);
        Assert.Equal(ClassEvaluation.MeanLoss<MulticlassHinge>(alone, validation), row.Score.ValidationLoss);
        Assert.True(table.Best.Score.ValidationAccuracy > 0.8, table.ToString());
    }
}
