using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class ContiguousDatasetTests
{
    private static (double[] Values, double[][] Rows, double[] Targets) Data(int count, int length, int seed)
    {
        var random = new Random(seed);
        var rows = new double[count][];
        for (int i = 0; i < count; i++) rows[i] = [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1)];
        var targets = Enumerable.Range(0, count).Select(i => i % 3 == 0 ? 1.0 : -1.0).ToArray();
        return (rows.SelectMany(r => r).ToArray(), rows, targets);
    }

    [Fact]
    public void Rows_and_slices_are_the_row_major_values()
    {
        var (values, rows, targets) = Data(count: 7, length: 3, seed: 1);
        var data = new Dataset(values, 3, targets);

        Assert.True(data.IsContiguous);
        Assert.Equal((7, 3), (data.Count, data.InputLength));
        for (int i = 0; i < 7; i++) Assert.Equal(rows[i], data.Input(i).ToArray());
        Assert.Equal(rows[2..5].SelectMany(r => r), data.InputRows(2, 3).ToArray());
        Assert.True(data.InputRows(2, 3).Overlaps(values)); // a view, not a copy
        Assert.Equal(rows, data.Inputs); // the per-row view, copied once
        Assert.Same(data.Inputs, data.Inputs);
        Assert.Same(data, data.ToContiguous());

        var jagged = new Dataset(rows, targets);
        Assert.False(jagged.IsContiguous);
        Assert.Equal(values, jagged.ToContiguous().InputRows(0, 7).ToArray());
        Assert.Same(rows[4], jagged.Inputs[4]);
    }

    [Fact]
    public void Subsets_splits_and_standardisation_keep_the_layout_and_the_rows()
    {
        var (values, rows, targets) = Data(count: 20, length: 4, seed: 2);
        var contiguous = new Dataset(values, 4, targets);
        var jagged = new Dataset(rows, targets);

        var subset = contiguous.Subset([5, 1, 1, 19]);
        Assert.True(subset.IsContiguous);
        Assert.Equal(new[] { rows[5], rows[1], rows[1], rows[19] }.SelectMany(r => r), subset.InputRows(0, 4).ToArray());
        Assert.Equal([targets[5], targets[1], targets[1], targets[19]], subset.Targets);

        var (train, validation) = contiguous.Split(0.25, seed: 3);
        var (jaggedTrain, jaggedValidation) = jagged.Split(0.25, seed: 3);
        Assert.True(train.IsContiguous && validation.IsContiguous);
        Assert.Equal(jaggedTrain.Inputs, train.Inputs);
        Assert.Equal(jaggedValidation.Targets, validation.Targets);

        var standardizer = Standardizer.Fit(contiguous);
        var standardized = standardizer.Apply(contiguous);
        Assert.True(standardized.IsContiguous);
        Assert.Equal(standardizer.Apply(jagged).Inputs, standardized.Inputs);
    }

    [Fact]
    public void Invalid_contiguous_data_is_refused_naming_the_argument()
    {
        var (values, _, targets) = Data(count: 3, length: 2, seed: 4);

        Assert.Equal("inputs", Assert.Throws<ArgumentNullException>(() => new Dataset(null!, 2, targets)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentNullException>(() => new Dataset(values, 2, null!)).ParamName);
        Assert.Equal("inputLength", Assert.Throws<ArgumentOutOfRangeException>(() => new Dataset(values, 0, targets)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new Dataset([], 2, [])).ParamName);
        var ragged = Assert.Throws<ArgumentException>(() => new Dataset(values, 4, targets));
        Assert.Equal("inputs", ragged.ParamName);
        Assert.Contains("not a whole number of rows of 4", ragged.Message);
        var counts = Assert.Throws<ArgumentException>(() => new Dataset(values, 3, targets));
        Assert.Equal("targets", counts.ParamName);
        Assert.Contains("2 inputs (rows of 3) but 3 targets", counts.Message);
        var nan = (double[])values.Clone();
        nan[5] = double.NaN;
        var bad = Assert.Throws<ArgumentException>(() => new Dataset(nan, 2, targets));
        Assert.Equal("inputs", bad.ParamName);
        Assert.Contains("Input 2 holds NaN", bad.Message);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new Dataset(values, 2, [1, double.PositiveInfinity, 1])).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Dataset.WithLabels(values, 2, [0, -1, 2])).ParamName);

        var data = new Dataset(values, 2, targets);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.InputRows(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.InputRows(-1, 1));
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => data.Input(3)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => data.Input(-1)).ParamName);
        var rows = new Dataset(data.Inputs, targets);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => rows.Input(3)).ParamName);
        Assert.Equal("indices", Assert.Throws<ArgumentException>(() => data.Subset([])).ParamName);
        foreach (var layout in new[] { data, rows })
            Assert.Equal("indices", Assert.Throws<ArgumentOutOfRangeException>(() => layout.Subset([0, 3])).ParamName);
        var perRow = Assert.Throws<InvalidOperationException>(() => new Dataset([[1.0], [2.0]], [1.0, -1.0]).InputRows(0, 1));
        Assert.Contains("ToContiguous()", perRow.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void Training_on_either_layout_gives_bit_identical_theta(int batchSize)
    {
        var jagged = Recipes.Moons(count: 150);
        var contiguous = jagged.ToContiguous();
        var options = new SgdOptions { Epochs = 4, BatchSize = batchSize, Seed = 5 };
        var a = Recipes.TwoLayer(seed: 3);
        var b = Recipes.TwoLayer(seed: 3);

        var reportA = Sgd.Train(a, jagged, options);
        var reportB = Sgd.Train(b, contiguous, options);

        Theta.AssertBitIdentical(Theta.Of(a), Theta.Of(b));
        Assert.Equal(reportA.History.Select(r => r.Loss), reportB.History.Select(r => r.Loss));
        Assert.NotEqual(Theta.Of(Recipes.TwoLayer(seed: 3)), Theta.Of(a)); // it did train
    }

    [Fact]
    public void Row_arrays_are_measured_through_ForwardBatch_in_runs_of_128_with_the_contiguous_sets_bits()
    {
        // 301 examples: two runs of 128 rows and a short one, gathered from the row arrays into one block each.
        var moons = Recipes.Moons(count: 301);
        Assert.False(moons.IsContiguous);
        var net = new CountingModel(Recipes.TwoLayer(seed: 6));
        double accuracy = Evaluation.Accuracy(net, moons), loss = Evaluation.MeanLoss<LogisticLoss>(net, moons);

        Assert.Equal([128, 128, 45, 128, 128, 45], net.BatchRows);
        Assert.Equal(0, net.ForwardCalls);
        Assert.Equal(Evaluation.Accuracy(net, moons.ToContiguous()), accuracy);
        Assert.Equal(Evaluation.MeanLoss<LogisticLoss>(net, moons.ToContiguous()), loss);
    }

    [Fact]
    public void Row_arrays_wider_than_1024_features_are_gathered_in_shorter_runs()
    {
        // 2,000 features: ⌊2¹⁷ / 2,000⌋ = 65 rows fill the 1 MiB gather buffer, so 140 examples are runs of 65, 65 and 10.
        var random = new Random(5);
        var rows = Enumerable.Range(0, 140).Select(_ => Enumerable.Range(0, 2000).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        var data = new Dataset(rows, [.. Enumerable.Range(0, 140).Select(i => i % 2 == 0 ? 1.0 : -1.0)]);
        var net = new CountingModel(new Models.TwoLayerModel(H: 3, D: 2000, seed: 2));
        double loss = Evaluation.MeanLoss<SquaredLoss>(net, data);

        Assert.Equal([65, 65, 10], net.BatchRows);
        Assert.Equal(Evaluation.MeanLoss<SquaredLoss>(net, data.ToContiguous()), loss, 1e-12); // contiguous: one run of 128 and one of 12
    }

    [Fact]
    public void Measurements_and_class_training_agree_on_either_layout()
    {
        // 301 examples: the last ForwardBatch run of a measurement is short.
        var moons = Recipes.Moons(count: 301);
        var net = Recipes.TwoLayer(seed: 6);
        Assert.Equal(Evaluation.Accuracy(net, moons), Evaluation.Accuracy(net, moons.ToContiguous()));
        // Either layout is measured through ForwardBatch on the same blocks of rows: the same bits.
        Assert.Equal(Evaluation.MeanLoss<LogisticLoss>(net, moons), Evaluation.MeanLoss<LogisticLoss>(net, moons.ToContiguous()));

        var jagged = Dataset.WithLabels(moons.Inputs, [.. moons.Targets.Select(y => y > 0 ? 1 : 0)]);
        var contiguous = jagged.ToContiguous();
        var options = new SgdOptions { Epochs = 3, BatchSize = 8, Seed = 2 };
        var a = new Models.ClassifierModel(H: 6, D: 2, K: 2, seed: 3);
        var b = new Models.ClassifierModel(H: 6, D: 2, K: 2, seed: 3);

        var reportA = Sgd.Train<SoftmaxCrossEntropy>(a, jagged, options, jagged);
        var reportB = Sgd.Train<SoftmaxCrossEntropy>(b, contiguous, options, contiguous);

        Theta.AssertBitIdentical(a.Parameters, b.Parameters);
        Assert.Equal(reportA.History.Select(r => (r.Loss, r.TrainAccuracy, r.ValidationAccuracy)),
            reportB.History.Select(r => (r.Loss, r.TrainAccuracy, r.ValidationAccuracy)));
        Assert.Equal(reportA.History.Select(r => r.ValidationLoss), reportB.History.Select(r => r.ValidationLoss));
        Assert.Equal(ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>(a, jagged), ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>(b, contiguous));
        Assert.True(reportA.Final.TrainAccuracy > 0.7, $"accuracy {reportA.Final.TrainAccuracy}");
    }

    /// <summary>Counts the calls a measurement makes: the rows of each <c>ForwardBatch</c>, and single <c>Forward</c>s.</summary>
    private sealed class CountingModel(IModel inner) : ForwardingModel(inner)
    {
        public List<int> BatchRows { get; } = [];

        public int ForwardCalls { get; private set; }

        public override double Forward(ReadOnlySpan<double> x)
        {
            ForwardCalls++;
            return base.Forward(x);
        }

        public override void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> scores)
        {
            BatchRows.Add(scores.Length);
            base.ForwardBatch(inputs, scores);
        }

        public override IModel Clone() => new CountingModel(Inner.Clone());
    }
}
