using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SymGrad.Benchmarks.Fixtures;
using SymGrad.Benchmarks.HandWritten;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>deep (D=64): three tanh layers of 64, then f = v · h3 + c.</summary>
// The baseline is the careful SIMD hand-written code (TensorPrimitives); the scalar hand-written code is a second
// column. Each workload's class repeats the same six benchmarks on purpose: the fields have the concrete generated and
// hand-written types, so every call is direct. A shared generic base would call through IModel, adding interface
// dispatch to the generated side only and skewing the ratio.
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DeepBenchmarks
{
    private BenchModels.DeepModel _model = null!;
    private DeepNet _net = null!;
    private DeepSimdNet _simd = null!;
    private double[] _x = null!;
    private double _y;
    private double[] _gradient = null!;

    [Params("deep")]
    public string Workload { get; set; } = "deep";

    [GlobalSetup]
    public void Setup()
    {
        var fixture = new DeepFixture();
        (_model, _net, _simd, _x, _y, _gradient) = (fixture.Model, fixture.Net, fixture.Simd, fixture.X, fixture.Y, fixture.Gradient);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Forward")]
    public double SimdForward() => _simd.Forward(_x);

    [Benchmark, BenchmarkCategory("Forward")]
    public double ScalarForward() => _net.Forward(_x);

    [Benchmark, BenchmarkCategory("Forward")]
    public double GeneratedForward() => _model.Forward(_x);

    [Benchmark(Baseline = true), BenchmarkCategory("Gradient")]
    public double SimdGradient() => _simd.Gradient(_x, _y);

    [Benchmark, BenchmarkCategory("Gradient")]
    public double ScalarGradient() => _net.Gradient(_x, _y);

    [Benchmark, BenchmarkCategory("Gradient")]
    public double GeneratedGradient() => _model.Gradient<SquaredLoss>(_x, _y, _gradient);
}
