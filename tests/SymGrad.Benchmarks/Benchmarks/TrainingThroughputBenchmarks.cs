using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using SymGrad.Benchmarks.Fixtures;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// Issues 14 and 12: what training costs on top of the gradient. One operation is <see cref="Epochs"/> epochs over the
/// fixture's 1,024 examples (contiguous rows). The baseline is the bare gradient in the form training needs at that batch
/// size, on the concrete model type, accumulating into one buffer and nothing else: at batch 1 the generated
/// <c>Gradient</c> per example, above it <c>GradientBatch</c> on each run of <see cref="BatchSize"/> consecutive rows. The
/// others are one <c>Sgd.Train</c> call with that many epochs (the accuracy measured once, after the last), on one
/// thread, or on two for <see cref="SgdTwoThreads"/>, or without that measurement for <see cref="SgdUnmeasured"/>; <see cref="HandLoop"/> is the plain loop without SymGrad's runtime.
/// Ratio = training time ÷ bare-gradient time; examples/s (its own column) = 10,240 ÷ Mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ExamplesPerSecondConfig))]
public class TrainingThroughputBenchmarks
{
    private const int Epochs = 10;
    private const int Examples = 1024;

    /// <summary>The examples one operation goes through: <see cref="Epochs"/> passes over <see cref="Examples"/>.</summary>
    public const int ExamplesPerOperation = Epochs * Examples;
    private TrainingFixture _fixture = null!;
    private double[] _gradient = null!;
    private int[] _order = null!;           // the hand loop's shuffled indices
    private Random _random = null!;
    private double[] _rows = null!, _targets = null!; // the hand loop's gathered minibatch
    private double[] _handGradient = null!;           // the hand loop's own: BareGradient's keeps growing
    private DenseStepModel _denseStep = null!;
    private SgdOptions _sgd = null!, _unmeasured = null!, _twoThreads = null!, _momentum = null!, _adam = null!;

    [Params("moons", "mnist")]
    public string Workload { get; set; } = "moons";

    [Params(1, 64, 256)]
    public int BatchSize { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new TrainingFixture(Workload, BatchSize, Examples, epochs: Epochs);
        _gradient = new double[_fixture.Model.ParameterCount];
        _order = Enumerable.Range(0, _fixture.Data.Count).ToArray();
        _random = new Random(1);
        _rows = new double[BatchSize * _fixture.Data.InputLength];
        _targets = new double[BatchSize];
        _handGradient = new double[_fixture.Model.ParameterCount];
        _denseStep = new DenseStepModel(_fixture.Model);
        _sgd = _fixture.Options with { EvaluateEvery = Epochs, MaxDegreeOfParallelism = 1 };
        _unmeasured = _sgd with { MeasureTraining = false };
        _twoThreads = _sgd with { MaxDegreeOfParallelism = 2 };
        // Momentum 0.9 multiplies the step by about 1/(1 − 0.9) = 10, so it runs at a tenth of the rate.
        _momentum = _sgd with { Optimizer = new SgdOptimizer { Momentum = 0.9 }, LearningRate = _sgd.LearningRate / 10 };
        // Adam moves every weight by about η per step whatever the gradient: a rate far below SGD's keeps hundreds of
        // benchmark epochs on random targets finite.
        _adam = _sgd with { Optimizer = new AdamOptimizer(), LearningRate = 1e-5 };
    }

    [Benchmark(Baseline = true)]
    public double BareGradient()
    {
        var model = _fixture.Model;
        var data = _fixture.Data;
        double loss = 0;
        if (BatchSize == 1)
        {
            for (int epoch = 0; epoch < Epochs; epoch++)
                for (int i = 0; i < data.Count; i++) loss += model.Gradient<SquaredLoss>(data.Input(i), data.Targets[i], _gradient);
            return loss;
        }
        IModel batched = model; // GradientBatch is the interface's, or the generated class's where it replaces it
        for (int epoch = 0; epoch < Epochs; epoch++)
            for (int first = 0; first < data.Count; first += BatchSize)
            {
                int rows = Math.Min(BatchSize, data.Count - first);
                loss += batched.GradientBatch<SquaredLoss>(data.InputRows(first, rows), data.Targets.AsSpan(first, rows), _gradient);
            }
        return loss;
    }

    /// <summary>
    /// The loop a careful engineer writes around the generated gradient without SymGrad's runtime: a Fisher–Yates shuffle
    /// per epoch, the minibatch's rows copied together, the gradient, θ −= (η/B)·g with <c>TensorPrimitives.MultiplyAdd</c>
    /// and a clear. No finiteness guard, no block norms, no schedule, no accuracy: the floor of what training costs on top
    /// of the gradient, against which <see cref="Sgd"/>'s own overhead (its all-or-nothing step, norms and reports) shows.
    /// </summary>
    [Benchmark]
    public double HandLoop()
    {
        var model = _fixture.Model;
        var data = _fixture.Data;
        var theta = model.Parameters;
        double step = -_fixture.LearningRate / BatchSize, loss = 0;
        int d = data.InputLength;
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int k = _order.Length - 1; k > 0; k--)
            {
                int j = _random.Next(k + 1);
                (_order[k], _order[j]) = (_order[j], _order[k]);
            }
            for (int first = 0; first < _order.Length; first += BatchSize)
            {
                int rows = Math.Min(BatchSize, _order.Length - first);
                if (rows == 1) loss += model.Gradient<SquaredLoss>(data.Input(_order[first]), data.Targets[_order[first]], _handGradient);
                else
                {
                    for (int r = 0; r < rows; r++)
                    {
                        data.Input(_order[first + r]).CopyTo(_rows.AsSpan(r * d, d));
                        _targets[r] = data.Targets[_order[first + r]];
                    }
                    loss += ((IModel)model).GradientBatch<SquaredLoss>(_rows.AsSpan(0, rows * d), _targets.AsSpan(0, rows), _handGradient);
                }
                TensorPrimitives.MultiplyAdd(_handGradient, step, theta, theta);
                Array.Clear(_handGradient);
            }
        }
        return loss;
    }

    [Benchmark]
    public TrainingReport Sgd() => SymGrad.Sgd.Train(_fixture.Model, _fixture.Data, _sgd);

    /// <summary>
    /// As <see cref="Sgd"/> with the model's factored gradients hidden (<see cref="DenseStepModel"/>): the same θ, every
    /// step taken densely, as before the rank-1 (batch 1) and in-product (minibatches of 2 to 64) steps.
    /// </summary>
    [Benchmark]
    public TrainingReport SgdDenseStep() => SymGrad.Sgd.Train(_denseStep, _fixture.Data, _sgd);

    /// <summary>
    /// As <see cref="Sgd"/> with MeasureTraining = false: the same θ without the forward pass over the training set after
    /// the last epoch, so the training itself against the gradient.
    /// </summary>
    [Benchmark]
    public TrainingReport SgdUnmeasured() => SymGrad.Sgd.Train(_fixture.Model, _fixture.Data, _unmeasured);

    /// <summary>
    /// As <see cref="Sgd"/> with MaxDegreeOfParallelism = 2: the same θ; minibatch gradients on two threads only from 256
    /// examples (two chunks) on; the one measurement, after the last epoch, on the training thread.
    /// </summary>
    [Benchmark]
    public TrainingReport SgdTwoThreads() => SymGrad.Sgd.Train(_fixture.Model, _fixture.Data, _twoThreads);

    /// <summary>
    /// As <see cref="Sgd"/> with the model's float32 class (<c>TwoLayerModelFloat32</c>): θ, the gradient and the minibatch
    /// products in float32, the data set's float64 rows narrowed per minibatch (docs/float32.md). Sgd ÷ this is the
    /// speed-up of training in float32.
    /// </summary>
    [Benchmark]
    public TrainingReport SgdFloat32() => SymGrad.Sgd.Train(_fixture.ModelFloat32, _fixture.Data, _sgd);

    [Benchmark]
    public TrainingReport Momentum() => SymGrad.Sgd.Train(_fixture.Model, _fixture.Data, _momentum);

    [Benchmark]
    public TrainingReport Adam() => SymGrad.Sgd.Train(_fixture.Model, _fixture.Data, _adam);
}
