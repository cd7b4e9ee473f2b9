using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SymGrad.Benchmarks.Fixtures;
using SymGrad.Benchmarks.HandWritten;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>xor, moons, mid and mnist (one example per call): f(x) = v · tanh(Wx + b).</summary>
// The baseline is the careful SIMD hand-written code (TensorPrimitives); the scalar hand-written code is a second
// column. Each workload's class repeats the same six benchmarks on purpose: the fields have the concrete generated and
// hand-written types, so every call is direct. A shared generic base would call through IModel, adding interface
// dispatch to the generated side only and skewing the ratio.
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TwoLayerBenchmarks
{
    private BenchModels.TwoLayerModel _model = null!;
    private TwoLayerNet _net = null!;
    private TwoLayerSimdNet _simd = null!;
    private double[] _x = null!;
    private double _y;
    private double[] _gradient = null!;

    [Params("xor", "moons", "mid", "mnist")]
    public string Workload { get; set; } = "xor";

    [GlobalSetup]
    public void Setup()
    {
        var fixture = new TwoLayerFixture(Workload, examples: 1);
        (_model, _net, _simd, _x, _y, _gradient) = (fixture.Model, fixture.Net, fixture.Simd, fixture.Xs, fixture.Ys[0], fixture.Gradient);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Forward")]
    public double SimdForward() => _simd.Forward(_x);

    [Benchmark, BenchmarkCategory("Forward")]
    public double ScalarForward() => _net.Forward(_x);

    // The baseline keeps its scratch in the instance (one call at a time); this column is the same code with its scratch
    // on the stack, as a model served from many threads needs it (the generated one is).
    [Benchmark, BenchmarkCategory("Forward")]
    public double SimdThreadSafeForward() => _simd.ForwardThreadSafe(_x);

    [Benchmark, BenchmarkCategory("Forward")]
    public double GeneratedForward() => _model.Forward(_x);

    // Both sides accumulate into their gradient buffers across calls, as a training loop would before a step.
    [Benchmark(Baseline = true), BenchmarkCategory("Gradient")]
    public double SimdGradient() => _simd.Gradient(_x, _y);

    [Benchmark, BenchmarkCategory("Gradient")]
    public double ScalarGradient() => _net.Gradient(_x, _y);

    [Benchmark, BenchmarkCategory("Gradient")]
    public double GeneratedGradient() => _model.Gradient<SquaredLoss>(_x, _y, _gradient);
}
