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

    /// <summary>Reads the thread's allocation counter at the end of every epoch; allocates nothing itself while training.</summary>
    internal sealed class AllocationMeter(int epochs) : IProgress<EpochReport>
    {
        public long[] Bytes { get; } = new long[epochs + 1];

        public void Report(EpochReport value) => Bytes[value.Epoch] = GC.GetAllocatedBytesForCurrentThread();
    }
}
