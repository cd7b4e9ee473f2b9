using BenchmarkDotNet.Attributes;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// Issue 12's "training at the gradient's speed" for a classifier: the Fashion-MNIST sample's 784-128-10 softmax
/// network (<see cref="BenchModels.Classifier"/>) on 1,024 random rows with labels 0…9. One operation is 10 epochs, as in
/// <see cref="TrainingThroughputBenchmarks"/> (so its examples/s column applies). The baseline is the bare gradient in
/// the form training calls it (per example at batch 1, <c>GradientBatch</c> on each run of B rows above); the others
/// are one <c>Sgd.Train&lt;SoftmaxCrossEntropy&gt;</c> call on one thread, with the accuracy measured after the last
/// epoch, in float64, with every step dense (the factored steps' baseline), and with the model's float32 class.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ExamplesPerSecondConfig))]
public class ClassTrainingThroughputBenchmarks
{
    private const int Epochs = 10;
    private const int Examples = TrainingThroughputBenchmarks.ExamplesPerOperation / Epochs;
    private BenchModels.ClassifierModel _model = null!;
    private BenchModels.ClassifierModelFloat32 _modelFloat32 = null!;
    private Dataset _data = null!;
    private int[] _labels = null!;
    private double[] _gradient = null!;
    private SgdOptions _options = null!;

    [Params(1, 64)]
    public int BatchSize { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var (xs, _) = Inputs.Make(Examples, 784, seed: 11);
        var random = new Random(12);
        _labels = [.. Enumerable.Range(0, Examples).Select(_ => random.Next(10))];
        _data = Dataset.WithLabels(xs, 784, _labels);
        _model = new BenchModels.ClassifierModel(H: 128, D: 784, seed: 0);
        _gradient = new double[_model.ParameterCount];
        // A small rate, so hundreds of benchmark epochs on random labels stay finite; one warm-up epoch, as the fixture does.
        _options = new SgdOptions { Epochs = Epochs, BatchSize = BatchSize, LearningRate = 0.001, Seed = 1, EvaluateEvery = Epochs, MaxDegreeOfParallelism = 1 };
        SymGrad.Sgd.Train<SoftmaxCrossEntropy>(_model, _data, _options with { Epochs = 1 });
        _modelFloat32 = new BenchModels.ClassifierModelFloat32(H: 128, D: 784, seed: 0);
        for (int i = 0; i < _model.ParameterCount; i++) _modelFloat32.Parameters[i] = (float)_model.Parameters[i];
        SymGrad.Sgd.Train<SoftmaxCrossEntropy>(_modelFloat32, _data, _options with { Epochs = 1 });
    }

    [Benchmark(Baseline = true)]
    public double BareGradient()
    {
        IVectorModel model = _model;
        double loss = 0;
        for (int epoch = 0; epoch < Epochs; epoch++)
            if (BatchSize == 1)
                for (int i = 0; i < Examples; i++) loss += model.Gradient<SoftmaxCrossEntropy>(_data.Input(i), _labels[i], _gradient);
            else
                for (int first = 0; first < Examples; first += BatchSize)
                {
                    int rows = Math.Min(BatchSize, Examples - first);
                    loss += model.GradientBatch<SoftmaxCrossEntropy>(_data.InputRows(first, rows), _labels.AsSpan(first, rows), _gradient);
                }
        return loss;
    }

    [Benchmark]
    public TrainingReport Sgd() => SymGrad.Sgd.Train<SoftmaxCrossEntropy>(_model, _data, _options);

    /// <summary>As <see cref="Sgd"/> with the factored class gradients hidden (<see cref="DenseStepClassifier"/>): every step dense.</summary>
    [Benchmark]
    public TrainingReport SgdDenseStep() => SymGrad.Sgd.Train<SoftmaxCrossEntropy>(new DenseStepClassifier(_model), _data, _options);

    [Benchmark]
    public TrainingReport SgdFloat32() => SymGrad.Sgd.Train<SoftmaxCrossEntropy>(_modelFloat32, _data, _options);
}
