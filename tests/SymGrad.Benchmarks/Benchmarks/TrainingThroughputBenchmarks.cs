using BenchmarkDotNet.Attributes;
using SymGrad.Benchmarks.Fixtures;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// Issue 14: what training costs on top of the gradient. One operation is <see cref="Epochs"/> epochs over the fixture's
/// 1,000 examples: the baseline calls the generated <c>Gradient</c> on the concrete model type for every example in
/// order, accumulating into one buffer, nothing else; the others are one <c>Sgd.Train</c> call with that many epochs (the
/// accuracy measured once, after the last). Ratio = training time ÷ bare-gradient time; examples/s = 10,000 ÷ Mean.
/// </summary>
[MemoryDiagnoser]
public class TrainingThroughputBenchmarks
{
    private const int Epochs = 10;
    private TrainingFixture _fixture = null!;
    private double[] _gradient = null!;
    private SgdOptions _sgd = null!, _momentum = null!, _adam = null!;

    [Params("moons", "mnist")]
    public string Workload { get; set; } = "moons";

    [Params(1, 64)]
    public int BatchSize { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new TrainingFixture(Workload, BatchSize, examples: 1000, epochs: Epochs);
        _gradient = new double[_fixture.Model.ParameterCount];
        _sgd = _fixture.Options with { EvaluateEvery = Epochs };
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
        for (int epoch = 0; epoch < Epochs; epoch++)
            for (int i = 0; i < data.Count; i++) loss += model.Gradient<SquaredLoss>(data.Inputs[i], data.Targets[i], _gradient);
        return loss;
    }

    [Benchmark]
    public TrainingReport Sgd() => SymGrad.Sgd.Train(_fixture.Model, _fixture.Data, _sgd);

    [Benchmark]
    public TrainingReport Momentum() => SymGrad.Sgd.Train(_fixture.Model, _fixture.Data, _momentum);

    [Benchmark]
    public TrainingReport Adam() => SymGrad.Sgd.Train(_fixture.Model, _fixture.Data, _adam);
}
