using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// A run measures its data sets on all its threads (PooledMeasure), also when its minibatches are too small to share:
/// every model kind gets the accuracies and losses of the one-thread measurement, bit for bit.
/// </summary>
public class PooledMeasurementTests
{
    // Batch 64 is one chunk, so the gradients stay on the training thread whatever the degree; a measurement of 2,100
    // rows is 17 blocks of 128, and every model below has over 1,000 parameters: over 2²¹ products, worth a second thread.
    private static readonly SgdOptions Options = new() { Epochs = 2, BatchSize = 64, LearningRate = 0.02, Seed = 4 };

    private static readonly Dataset Train = ParallelTrainingTests.Rows(), Validation = ParallelTrainingTests.Rows(seed: 12);

    [Fact]
    public void A_scalar_models_measurements_run_on_two_threads_with_one_threads_bits()
    {
        var (one, two) = (ParallelTrainingTests.Net(seed: 2), ParallelTrainingTests.Net(seed: 2));
        var (reportOne, reportTwo) = OnOneThreadThenTwo(degree => Sgd.Train<Recording>(degree == 1 ? one : two, Train, Options with { MaxDegreeOfParallelism = degree }, Validation));

        Theta.AssertBitIdentical(Theta.Of(one), Theta.Of(two));
        AssertSameMeasurements(reportOne, reportTwo);
        Assert.Equal(Evaluation.MeanLoss<SquaredLoss>(two, Validation), reportTwo.Final.ValidationLoss);
    }

    [Fact]
    public void Rows_held_one_array_each_are_measured_on_two_threads_with_one_threads_bits()
    {
        // Not contiguous: each thread gathers its blocks of 128 rows into its own buffer for ForwardBatch.
        var train = new Dataset(Enumerable.Range(0, Train.Count).Select(i => Train.Input(i).ToArray()).ToArray(), Train.Targets);
        Assert.False(train.IsContiguous);
        var (one, two) = (ParallelTrainingTests.Net(seed: 2), ParallelTrainingTests.Net(seed: 2));
        var (reportOne, reportTwo) = OnOneThreadThenTwo(degree => Sgd.Train<Recording>(degree == 1 ? one : two, train, Options with { MaxDegreeOfParallelism = degree }));

        AssertSameMeasurements(reportOne, reportTwo, validation: false);
        Assert.Equal(Evaluation.Accuracy(two, train), reportTwo.Final.TrainAccuracy);
    }

    [Fact]
    public void A_class_models_measurements_run_on_two_threads_with_one_threads_bits()
    {
        var (train, validation) = (Labelled(Train), Labelled(Validation));
        var one = new Models.ClassifierModel(H: 16, D: 64, K: 10, seed: 3);
        var two = new Models.ClassifierModel(H: 16, D: 64, K: 10, seed: 3);
        var (reportOne, reportTwo) = OnOneThreadThenTwo(degree =>
            Sgd.Train<RecordingClasses>(degree == 1 ? one : two, train, Options with { MaxDegreeOfParallelism = degree }, validation));

        AssertSameMeasurements(reportOne, reportTwo);
        Assert.Equal(ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>(two, validation), reportTwo.Final.ValidationLoss);
    }

    [Fact]
    public void A_float32_models_measurements_run_on_two_threads_with_one_threads_bits()
    {
        var one = new Models.TwoLayerModelFloat32(H: 32, D: 64, seed: 5);
        var two = new Models.TwoLayerModelFloat32(H: 32, D: 64, seed: 5);
        var (reportOne, reportTwo) = OnOneThreadThenTwo(degree =>
            Sgd.Train<Recording>(degree == 1 ? one : two, Train, Options with { MaxDegreeOfParallelism = degree }, Validation));

        AssertSameMeasurements(reportOne, reportTwo);
        Assert.Equal(Evaluation.MeanLoss<SquaredLoss>(two, Validation), reportTwo.Final.ValidationLoss);
    }

    [Fact]
    public void A_float32_class_models_measurements_run_on_two_threads_with_one_threads_bits()
    {
        var (train, validation) = (Labelled(Train), Labelled(Validation));
        var one = new Models.ClassifierModelFloat32(H: 16, D: 64, K: 10, seed: 6);
        var two = new Models.ClassifierModelFloat32(H: 16, D: 64, K: 10, seed: 6);
        var (reportOne, reportTwo) = OnOneThreadThenTwo(degree =>
            Sgd.Train<RecordingClasses>(degree == 1 ? one : two, train, Options with { MaxDegreeOfParallelism = degree }, validation));

        AssertSameMeasurements(reportOne, reportTwo);
        Assert.Equal(ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>(two, validation), reportTwo.Final.ValidationLoss);
    }

    [Fact]
    public void A_run_that_measures_once_keeps_its_measurement_on_the_training_thread()
    {
        // A thread started for one measurement costs about what it saves (docs/training.md, "What measuring costs").
        var (report, threads) = RecordThreads(() => Sgd.Train<Recording>(ParallelTrainingTests.Net(seed: 2), Train,
            Options with { EvaluateEvery = 2, MaxDegreeOfParallelism = 2 }, Validation));
        Assert.Equal([true, false], report.History.Select(r => double.IsNaN(r.TrainAccuracy)));
        Assert.Equal([Thread.CurrentThread], threads);
    }

    /// <summary>Runs <paramref name="train"/> with degree 1, then 2, recording the threads that evaluate the loss in each.</summary>
    private static (TrainingReport One, TrainingReport Two) OnOneThreadThenTwo(Func<int, TrainingReport> train)
    {
        var one = RecordThreads(() => train(1));
        var two = RecordThreads(() => train(2));
        Assert.Single(one.Threads);
        // At batch 64 only a measurement evaluates the loss on another thread; Train stops that thread before it returns.
        Assert.Equal(2, two.Threads.Length);
        Assert.All(two.Threads.Where(t => t != Thread.CurrentThread), t => Assert.False(t.IsAlive, $"{t.Name} is still running"));
        return (one.Report, two.Report);
    }

    private static (TrainingReport Report, Thread[] Threads) RecordThreads(Func<TrainingReport> train)
    {
        lock (s_threads) s_threads.Clear();
        var report = train();
        lock (s_threads) return (report, [.. s_threads]);
    }

    private static void AssertSameMeasurements(TrainingReport one, TrainingReport two, bool validation = true)
    {
        Assert.All(two.History, r => Assert.False(double.IsNaN(r.TrainAccuracy) || double.IsNaN(r.ValidationLoss) == validation));
        Assert.Equal(one.History.Select(r => (r.Loss, r.TrainAccuracy, r.ValidationAccuracy, r.ValidationLoss)),
            two.History.Select(r => (r.Loss, r.TrainAccuracy, r.ValidationAccuracy, r.ValidationLoss)));
    }

    /// <summary>The same rows with ten classes: the first input's decile in [−1, 1].</summary>
    internal static Dataset Labelled(Dataset data)
    {
        var labels = new double[data.Count];
        for (int i = 0; i < labels.Length; i++) labels[i] = Math.Min(9, (int)((data.Input(i)[0] + 1) * 5));
        return new Dataset(data.InputRows(0, data.Count).ToArray(), data.InputLength, labels);
    }

    private static readonly HashSet<Thread> s_threads = [];

    private static void Record()
    {
        lock (s_threads) s_threads.Add(Thread.CurrentThread);
    }

    /// <summary>Squared loss that records the threads evaluating it (the tests of this class run one at a time).</summary>
    private readonly struct Recording : ILoss
    {
        public static double Value(double g, double y)
        {
            Record();
            return SquaredLoss.Value(g, y);
        }

        public static double Derivative(double g, double y) => SquaredLoss.Derivative(g, y);
    }

    /// <summary>Softmax cross-entropy that records the threads evaluating it.</summary>
    private readonly struct RecordingClasses : IClassLoss
    {
        public static double Value(ReadOnlySpan<double> scores, int y)
        {
            Record();
            return SoftmaxCrossEntropy.Value(scores, y);
        }

        public static void Derivative(ReadOnlySpan<double> scores, int y, Span<double> seed) => SoftmaxCrossEntropy.Derivative(scores, y, seed);
    }
}
