using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SymGrad.Benchmarks.Fixtures;
using SymGrad.Benchmarks.HandWritten;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>mnist as a minibatch: 64 examples per call, gradients accumulated into one buffer.</summary>
// Each workload's class repeats the same four benchmarks on purpose: the fields have the concrete generated and
// hand-written types, so every call is direct. A shared generic base would call through IModel, adding interface
// dispatch to the generated side only and skewing the ratio.
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MnistBatchBenchmarks
{
    private BenchModels.TwoLayerModel _model = null!;
    private TwoLayerNet _net = null!;
    private double[] _xs = null!;
    private double[] _ys = null!;
    private double[] _gradient = null!;
    private int _d;

    [Params("mnist")]
    public string Workload { get; set; } = "mnist";

    [Params(64)]
    public int Batch { get; set; } = 64;

    [GlobalSetup]
    public void Setup()
    {
        var fixture = new TwoLayerFixture(Workload, examples: Batch);
        (_model, _net, _xs, _ys, _gradient, _d) = (fixture.Model, fixture.Net, fixture.Xs, fixture.Ys, fixture.Gradient, fixture.D);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Forward")]
    public double HandWrittenForward()
    {
        double sum = 0;
        for (int k = 0; k < _ys.Length; k++) sum += _net.Forward(_xs.AsSpan(k * _d, _d));
        return sum;
    }

    [Benchmark, BenchmarkCategory("Forward")]
    public double GeneratedForward()
    {
        double sum = 0;
        for (int k = 0; k < _ys.Length; k++) sum += _model.Forward(_xs.AsSpan(k * _d, _d));
        return sum;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Gradient")]
    public double HandWrittenGradient()
    {
        double loss = 0;
        for (int k = 0; k < _ys.Length; k++) loss += _net.Gradient(_xs.AsSpan(k * _d, _d), _ys[k]);
        return loss;
    }

    [Benchmark, BenchmarkCategory("Gradient")]
    public double GeneratedGradient()
    {
        double loss = 0;
        for (int k = 0; k < _ys.Length; k++) loss += _model.Gradient<SquaredLoss>(_xs.AsSpan(k * _d, _d), _ys[k], _gradient);
        return loss;
    }
}
