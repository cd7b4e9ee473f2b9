using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class AllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void Epochs_after_the_first_allocate_nothing(int batchSize)
    {
        var (train, validation) = Recipes.Moons(count: 300).Split(0.25, seed: 1);
        var net = Recipes.TwoLayer(seed: 2, hidden: 16);
        var rbf = Recipes.Rbf(seed: 2);
        var plain = new SgdOptions { Epochs = 12, BatchSize = batchSize, L2 = 1e-4, Seed = 3 };
        // Every option that keeps state: Adam's moments, a plateau schedule, clipping, early stopping's best θ.
        var stateful = plain with
        {
            Optimizer = new AdamWOptimizer(), GradientClipNorm = 0.5, EarlyStopping = new EarlyStopping { Patience = 100 },
            Schedule = new WarmupSchedule { Epochs = 2, Then = new ReduceOnPlateauSchedule { Patience = 1 } },
        };

        foreach (var (model, options) in new (IModel, SgdOptions)[] { (net, plain), (rbf, plain), (Recipes.TwoLayer(seed: 2, hidden: 16), stateful) })
        {
            var meter = new AllocationMeter(options.Epochs);
            Sgd.Train(model, train, options, validation, meter);
            for (int epoch = 2; epoch <= options.Epochs; epoch++)
                Assert.True(meter.Bytes[epoch] == meter.Bytes[1],
                    $"{model.Name}, batch {batchSize}: {meter.Bytes[epoch] - meter.Bytes[1]} bytes allocated by the end of epoch {epoch}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_run_that_measures_every_third_epoch_allocates_nothing_in_the_epochs_it_measures(int degree)
    {
        // Measurements first come in epoch 3: their buffers and threads must be made before epoch 1, for every model kind
        // (on two threads these data sets are worth pooling: PooledMeasurementTests).
        var (train, validation) = (ParallelTrainingTests.Rows(), ParallelTrainingTests.Rows(count: 700, seed: 12));
        var (labels, validationLabels) = (PooledMeasurementTests.Labelled(train), PooledMeasurementTests.Labelled(validation));
        // Separate row arrays: each measuring thread's gather buffer must be made before epoch 1 too.
        var rowArrays = new Dataset([.. Enumerable.Range(0, train.Count).Select(i => train.Input(i).ToArray())], train.Targets);
        var labelRows = new Dataset([.. Enumerable.Range(0, labels.Count).Select(i => labels.Input(i).ToArray())], labels.Targets);
        var options = new SgdOptions { Epochs = 6, BatchSize = 64, LearningRate = 0.02, Seed = 4, EvaluateEvery = 3, MaxDegreeOfParallelism = degree };
        var runs = new (string Kind, Func<AllocationMeter, TrainingReport> Train)[]
        {
            ("scalar", m => Sgd.Train(ParallelTrainingTests.Net(seed: 1), train, options, validation, m)),
            ("scalar, row arrays", m => Sgd.Train(ParallelTrainingTests.Net(seed: 1), rowArrays, options, validation, m)),
            ("class, row arrays", m => Sgd.Train<SoftmaxCrossEntropy>(new Models.ClassifierModel(H: 16, D: 64, K: 10, seed: 1), labelRows, options, validationLabels, m)),
            ("class", m => Sgd.Train<SoftmaxCrossEntropy>(new Models.ClassifierModel(H: 16, D: 64, K: 10, seed: 1), labels, options, validationLabels, m)),
            ("float32", m => Sgd.Train(new Models.TwoLayerModelFloat32(H: 32, D: 64, seed: 1), train, options, validation, m)),
            ("float32 class", m => Sgd.Train<SoftmaxCrossEntropy>(new Models.ClassifierModelFloat32(H: 16, D: 64, K: 10, seed: 1), labels, options, validationLabels, m)),
        };
        foreach (var (kind, run) in runs)
        {
            var meter = new AllocationMeter(options.Epochs);
            // On a thread of its own: per-thread buffers an earlier test left on this one must not stand in for the run's own.
            TrainingReport report = null!;
            var thread = new Thread(() => report = run(meter));
            thread.Start();
            thread.Join();
            Assert.False(double.IsNaN(report.History[2].ValidationAccuracy));
            for (int epoch = 2; epoch <= options.Epochs; epoch++)
                Assert.True(meter.Bytes[epoch] == meter.Bytes[1],
                    $"{kind}, degree {degree}: {meter.Bytes[epoch] - meter.Bytes[1]} bytes allocated by the end of epoch {epoch}");
        }
    }

    /// <summary>Reads the thread's allocation counter at the end of every epoch; allocates nothing itself while training.</summary>
    internal sealed class AllocationMeter(int epochs) : IProgress<EpochReport>
    {
        public long[] Bytes { get; } = new long[epochs + 1];

        public void Report(EpochReport value) => Bytes[value.Epoch] = GC.GetAllocatedBytesForCurrentThread();
    }
}
