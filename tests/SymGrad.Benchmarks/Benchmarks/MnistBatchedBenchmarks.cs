using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SymGrad.Benchmarks.Fixtures;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// The mnist-shaped TwoLayer model (D = 784, H = 128, tanh) over a minibatch of B examples: the generated ForwardBatch
/// and GradientBatch (GEMMs over the whole minibatch) against the per-example generated Forward and Gradient summed
/// over the same B examples (the baseline). Flops counted: the matrix products' multiply–adds only, 2·B·H·D for
/// Forward (X Wᵀ) and 4·B·H·D for Gradient (X Wᵀ and W̄ += T̄ᵀX; the input needs no adjoint); the bias, tanh, v·h and
/// the loss, O(B·H), are not counted. The same count is used for both columns, so GFLOP/s compares them fairly; run with
/// <see cref="FmaPeakBenchmarks"/> and <c>--join</c> for the "% of peak" column (<see cref="FlopsConfig"/>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
[Config(typeof(FlopsConfig))]
public class MnistBatchedBenchmarks
{
    private const int H = 128, D = 784;
    private BenchModels.TwoLayerModel _model = null!;
    private double[] _xs = null!, _ys = null!, _gradient = null!, _scores = null!;

    [Params(16, 64, 256)]
    public int Batch { get; set; } = 64;

    [GlobalSetup]
    public void Setup()
    {
        var fixture = new TwoLayerFixture("mnist", examples: Batch);
        (_model, _xs, _ys, _gradient) = (fixture.Model, fixture.Xs, fixture.Ys, fixture.Gradient);
        _scores = new double[Batch];
        // Untimed: the batched gradient equals the per-example sum (the tests hold it to 1e-12; this guards the setup).
        var perExample = new double[_model.ParameterCount];
        for (int r = 0; r < Batch; r++) _model.Gradient<SquaredLoss>(_xs.AsSpan(r * D, D), _ys[r], perExample);
        var batched = new double[_model.ParameterCount];
        _model.GradientBatch<SquaredLoss>(_xs, _ys, batched);
        double scale = perExample.Max(Math.Abs);
        for (int j = 0; j < batched.Length; j++)
            if (Math.Abs(batched[j] - perExample[j]) > 1e-10 * scale)
                throw new InvalidOperationException($"GradientBatch differs from the per-example sum at {j}: {batched[j]:R} vs {perExample[j]:R}.");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Forward")]
    public double PerExampleForward()
    {
        double sum = 0;
        for (int r = 0; r < Batch; r++) sum += _model.Forward(_xs.AsSpan(r * D, D));
        return sum;
    }

    [Benchmark, BenchmarkCategory("Forward")]
    public double ForwardBatch()
    {
        _model.ForwardBatch(_xs, _scores);
        return _scores[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Gradient")]
    public double PerExampleGradient()
    {
        double loss = 0;
        for (int r = 0; r < Batch; r++) loss += _model.Gradient<SquaredLoss>(_xs.AsSpan(r * D, D), _ys[r], _gradient);
        return loss;
    }

    [Benchmark, BenchmarkCategory("Gradient")]
    public double GradientBatch() => _model.GradientBatch<SquaredLoss>(_xs, _ys, _gradient);

    /// <summary>The flops of one invocation, as counted above.</summary>
    public static double Flops(string category, int batch) => (category == "Forward" ? 2.0 : 4.0) * batch * H * D;
}
