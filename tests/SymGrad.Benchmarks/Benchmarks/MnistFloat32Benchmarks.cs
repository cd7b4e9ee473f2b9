using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SymGrad.Benchmarks.Fixtures;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// The mnist-shaped TwoLayer model (D = 784, H = 128) over a minibatch of B examples in float32
/// (<c>TwoLayerModelFloat32</c>, the same [Model] with <c>Precision.Float32</c>) against the float64 class (the baseline),
/// on the same θ and inputs rounded to float: ForwardBatch and GradientBatch. Flops are counted as in
/// <see cref="MnistBatchedBenchmarks"/> (2·B·H·D forward, 4·B·H·D gradient), so the ratio of the GFLOP/s columns is the
/// float32 speed-up; with <see cref="FmaPeakBenchmarks"/> in the run (<c>--join</c>) "% of peak" puts each against its own FMA peak.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
[Config(typeof(FlopsConfig))]
public class MnistFloat32Benchmarks
{
    private BenchModels.TwoLayerModel _wide = null!;
    private BenchModels.TwoLayerModelFloat32 _narrow = null!;
    private double[] _xs = null!, _ys = null!, _gradient = null!, _scores = null!;
    private float[] _xsFloat = null!, _ysFloat = null!, _gradientFloat = null!, _scoresFloat = null!;

    [Params(16, 64, 256)]
    public int Batch { get; set; } = 64;

    [GlobalSetup]
    public void Setup() =>
        (_wide, _narrow, _xs, _ys, _gradient, _scores, _xsFloat, _ysFloat, _gradientFloat, _scoresFloat) = Float32Fixture.Make(Batch);

    [Benchmark(Baseline = true), BenchmarkCategory("Forward")]
    public double ForwardBatchFloat64()
    {
        _wide.ForwardBatch(_xs, _scores);
        return _scores[0];
    }

    [Benchmark, BenchmarkCategory("Forward")]
    public float ForwardBatchFloat32()
    {
        _narrow.ForwardBatch(_xsFloat, _scoresFloat);
        return _scoresFloat[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Gradient")]
    public double GradientBatchFloat64() => _wide.GradientBatch<SquaredLoss>(_xs, _ys, _gradient);

    [Benchmark, BenchmarkCategory("Gradient")]
    public double GradientBatchFloat32() => _narrow.GradientBatch<SquaredLoss>(_xsFloat, _ysFloat, _gradientFloat);
}
