using BenchmarkDotNet.Attributes;
using SymGrad.Benchmarks.Fixtures;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// Training throughput: one operation is one epoch of <see cref="Sgd.Train(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>
/// over <see cref="Examples"/> examples (one Train call with Epochs = 1, which also measures the training accuracy
/// at the end, as every Train call does after its last epoch). Examples per second = Examples ÷ Mean.
/// </summary>
/// <remarks>
/// BDN's Allocated column is per Train call, so it includes what Train allocates up front (gradient buffer,
/// shuffle order, history); the bytes per epoch after the first are measured by <c>--verify</c> (TrainingAllocations).
/// Fewer iterations than the per-call benchmarks keep the whole suite short: an mnist epoch takes tens of ms.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 6)]
public class TrainingBenchmarks
{
    private TrainingFixture _fixture = null!;

    [Params("moons", "mnist")]
    public string Workload { get; set; } = "moons";

    [Params(1, 64)]
    public int BatchSize { get; set; } = 1;

    /// <summary>Examples per epoch (a parameter so that the table shows it and examples/s can be read off it).</summary>
    [Params(1000)]
    public int Examples { get; set; } = 1000;

    [GlobalSetup]
    public void Setup() => _fixture = new TrainingFixture(Workload, BatchSize, Examples);

    [Benchmark]
    public TrainingReport Epoch() => Sgd.Train(_fixture.Model, _fixture.Data, _fixture.Options);
}
