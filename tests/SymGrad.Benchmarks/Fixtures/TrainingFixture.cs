namespace SymGrad.Benchmarks.Fixtures;

/// <summary>
/// A generated TwoLayer model, its training data (contiguous rows) and SGD options for the training-throughput benchmark
/// (docs/benchmarks.md, "Training throughput"). The model has already trained one warm-up epoch, so
/// Sgd.Train's code has run once and θ is no longer the initial one.
/// </summary>
internal sealed class TrainingFixture
{
    public TrainingFixture(string workload, int batchSize, int examples, int epochs = 1)
    {
        switch (workload)
        {
            case "moons":
                // D=2, H=16, the lecture's two moons; the learning rate the samples use.
                Model = new BenchModels.TwoLayerModel(H: 16, D: 2, seed: 0);
                Data = ToyDatasets.TwoMoons(examples, noise: 0.1, seed: 7).ToContiguous();
                LearningRate = 0.05;
                break;
            case "mnist":
                // D=784, H=128, mnist-shaped random data of a fixed seed: the timing depends on the shapes only.
                // A small learning rate, so hundreds of benchmark epochs on random targets never diverge.
                Model = new BenchModels.TwoLayerModel(H: 128, D: 784, seed: 0);
                Data = Rows(examples, 784);
                LearningRate = 0.001;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(workload), workload, "Not a training workload.");
        }
        Options = new SgdOptions { Epochs = epochs, BatchSize = batchSize, LearningRate = LearningRate, Seed = 1 };
        Sgd.Train(Model, Data, Options with { Epochs = 1 });
        // The float32 class of the same model, from the float64 θ rounded, warmed up the same way.
        ModelFloat32 = new BenchModels.TwoLayerModelFloat32(H: Model.H, D: Model.D, seed: 0);
        for (int i = 0; i < Model.ParameterCount; i++) ModelFloat32.Parameters[i] = (float)Model.Parameters[i];
        Sgd.Train(ModelFloat32, Data, Options with { Epochs = 1 });
    }

    public BenchModels.TwoLayerModel Model { get; }

    /// <summary>The same model's float32 class (mixed-precision training: float64 data narrowed per minibatch).</summary>
    public BenchModels.TwoLayerModelFloat32 ModelFloat32 { get; }
    public Dataset Data { get; }
    public double LearningRate { get; }
    /// <summary>Options for <see cref="Sgd.Train(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>.</summary>
    public SgdOptions Options { get; }

    private static Dataset Rows(int count, int d)
    {
        var (xs, ys) = Inputs.Make(count, d, seed: 11);
        for (int k = 0; k < count; k++) ys[k] = ys[k] >= 0 ? 1 : -1;
        return new Dataset(xs, d, ys);
    }
}
