using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// A run measures its data sets on all its threads (PooledMeasure), also when its minibatches are too small to share:
/// every model kind gets the accuracies and losses of the one-thread measurement, bit for bit.
/// </summary>
public class PooledMeasurementTests
{
    // Batch 64 is one chunk, so the gradients stay on the training thread whatever the degree; a measurement of 2,100
    // rows is 17 ForwardBatch runs of 128, and every model below has over 1,000 parameters: over 2²¹ products, so it is
    // worth a second thread.
    private static readonly SgdOptions Options = new() { Epochs = 2, BatchSize = 64, LearningRate = 0.02, Seed = 4 };

    private static readonly Dataset Train = ParallelTrainingTests.Rows(), Validation = ParallelTrainingTests.Rows(seed: 12);

    [Fact]
    public void A_scalar_models_measurements_run_on_two_threads_with_one_threads_bits()
    {
        var one = new ForwardRecordingModel(ParallelTrainingTests.Net(seed: 2));
        var two = new ForwardRecordingModel(ParallelTrainingTests.Net(seed: 2));
        var reportOne = Sgd.Train(one, Train, Options with { MaxDegreeOfParallelism = 1 }, Validation);
        var reportTwo = Sgd.Train(two, Train, Options with { MaxDegreeOfParallelism = 2 }, Validation);

        Assert.Single(one.ForwardThreads);
        Assert.Equal(2, two.ForwardThreads.Length);
        Assert.All(two.ForwardThreads.Where(t => t != Thread.CurrentThread), t => Assert.False(t.IsAlive, $"{t.Name} is still running"));
        AssertSameMeasurements(reportOne, reportTwo);
        Theta.AssertBitIdentical(Theta.Of(one), Theta.Of(two));
        Assert.Equal(Evaluation.MeanLoss<SquaredLoss>(two, Validation), reportTwo.Final.ValidationLoss);
    }

    [Fact]
    public void A_class_models_measurements_on_two_threads_have_one_threads_bits()
    {
        var (train, validation) = (Labelled(Train), Labelled(Validation));
        var one = new Models.ClassifierModel(H: 16, D: 64, K: 10, seed: 3);
        var two = new Models.ClassifierModel(H: 16, D: 64, K: 10, seed: 3);
        var reportOne = Sgd.Train<SoftmaxCrossEntropy>(one, train, Options with { MaxDegreeOfParallelism = 1 }, validation);
        var reportTwo = Sgd.Train<SoftmaxCrossEntropy>(two, train, Options with { MaxDegreeOfParallelism = 2 }, validation);

        AssertSameMeasurements(reportOne, reportTwo);
        Assert.Equal(ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>(two, validation), reportTwo.Final.ValidationLoss);
    }

    [Fact]
    public void A_float32_models_measurements_on_two_threads_have_one_threads_bits()
    {
        var one = new Models.TwoLayerModelFloat32(H: 32, D: 64, seed: 5);
        var two = new Models.TwoLayerModelFloat32(H: 32, D: 64, seed: 5);
        var reportOne = Sgd.Train(one, Train, Options with { MaxDegreeOfParallelism = 1 }, Validation);
        var reportTwo = Sgd.Train(two, Train, Options with { MaxDegreeOfParallelism = 2 }, Validation);

        AssertSameMeasurements(reportOne, reportTwo);
        Assert.Equal(Evaluation.MeanLoss<SquaredLoss>(two, Validation), reportTwo.Final.ValidationLoss);
    }

    [Fact]
    public void A_float32_class_models_measurements_on_two_threads_have_one_threads_bits()
    {
        var (train, validation) = (Labelled(Train), Labelled(Validation));
        var one = new Models.ClassifierModelFloat32(H: 16, D: 64, K: 10, seed: 6);
        var two = new Models.ClassifierModelFloat32(H: 16, D: 64, K: 10, seed: 6);
        var reportOne = Sgd.Train<SoftmaxCrossEntropy>(one, train, Options with { MaxDegreeOfParallelism = 1 }, validation);
        var reportTwo = Sgd.Train<SoftmaxCrossEntropy>(two, train, Options with { MaxDegreeOfParallelism = 2 }, validation);

        AssertSameMeasurements(reportOne, reportTwo);
        Assert.Equal(ClassEvaluation.MeanLoss<SoftmaxCrossEntropy>(two, validation), reportTwo.Final.ValidationLoss);
    }

    private static void AssertSameMeasurements(TrainingReport one, TrainingReport two)
    {
        Assert.All(two.History, r => Assert.False(double.IsNaN(r.TrainAccuracy) || double.IsNaN(r.ValidationLoss)));
        Assert.Equal(one.History.Select(r => (r.Loss, r.TrainAccuracy, r.ValidationAccuracy, r.ValidationLoss)),
            two.History.Select(r => (r.Loss, r.TrainAccuracy, r.ValidationAccuracy, r.ValidationLoss)));
    }

    /// <summary>The same rows with ten classes: the first input's decile in [−1, 1].</summary>
    private static Dataset Labelled(Dataset data)
    {
        var labels = new double[data.Count];
        for (int i = 0; i < labels.Length; i++) labels[i] = Math.Min(9, (int)((data.Input(i)[0] + 1) * 5));
        return new Dataset(data.InputRows(0, data.Count).ToArray(), data.InputLength, labels);
    }

    /// <summary>Records the threads that call <c>ForwardBatch</c>, which only measurements do.</summary>
    private sealed class ForwardRecordingModel(IModel inner) : ForwardingModel(inner), IModel
    {
        private readonly HashSet<Thread> _threads = [];

        public Thread[] ForwardThreads
        {
            get { lock (_threads) return [.. _threads]; }
        }

        public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> scores)
        {
            lock (_threads) _threads.Add(Thread.CurrentThread);
            Inner.ForwardBatch(inputs, scores);
        }

        public override IModel Clone() => new ForwardRecordingModel(Inner.Clone());
    }
}
