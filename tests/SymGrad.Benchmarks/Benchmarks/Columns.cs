using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// The GFLOP/s and "% of peak" columns of the minibatch and FMA-peak benchmarks. A case's flops are counted as its class
/// says (<see cref="FmaPeakBenchmarks"/>: every FMA lane twice; <see cref="MnistBatchedBenchmarks"/> and
/// <see cref="MnistFloat32Benchmarks"/>: the matrix products' multiply–adds); "% of peak" divides a case's GFLOP/s by the
/// GFLOP/s of the FMA peak of its element type measured in the same summary, so it needs the peak in the run:
/// <c>--filter '*FmaPeak*' '*MnistBatched*' '*MnistFloat32*' --join</c>. Without it the column says NA.
/// </summary>
internal sealed class FlopsConfig : ManualConfig
{
    public FlopsConfig() => AddColumn(new GflopsColumn(), new PeakShareColumn());

    /// <summary>The flops of one invocation of <paramref name="benchmarkCase"/>, or null for a case that counts none.</summary>
    public static double? Flops(BenchmarkCase benchmarkCase)
    {
        var descriptor = benchmarkCase.Descriptor;
        if (descriptor.Type == typeof(FmaPeakBenchmarks))
            return descriptor.WorkloadMethod.Name switch
            {
                nameof(FmaPeakBenchmarks.Vector512Fma) => FmaPeakBenchmarks.Flops512,
                nameof(FmaPeakBenchmarks.Vector512FmaFloat32) => FmaPeakBenchmarks.Flops512Float32,
                nameof(FmaPeakBenchmarks.Vector256Fma) => FmaPeakBenchmarks.Flops256,
                _ => null,
            };
        if (benchmarkCase.Parameters["Batch"] is not int batch) return null;
        return MnistBatchedBenchmarks.Flops(descriptor.Categories.FirstOrDefault() ?? "Gradient", batch);
    }

    /// <summary>Whether the case computes in float32 (its method's name says so), for the peak it is measured against.</summary>
    private static bool IsFloat32(BenchmarkCase benchmarkCase) => benchmarkCase.Descriptor.WorkloadMethod.Name.EndsWith("Float32", StringComparison.Ordinal);

    /// <summary>GFLOP/s of a case in the summary, or null.</summary>
    private static double? Gflops(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics is { } statistics && Flops(benchmarkCase) is { } flops ? flops / statistics.Mean : null;

    /// <summary>The summary's 512-bit FMA peak in the element type of <paramref name="benchmarkCase"/>, in GFLOP/s, or null if it was not run.</summary>
    private static double? Peak(Summary summary, BenchmarkCase benchmarkCase)
    {
        string name = IsFloat32(benchmarkCase) ? nameof(FmaPeakBenchmarks.Vector512FmaFloat32) : nameof(FmaPeakBenchmarks.Vector512Fma);
        var peak = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Type == typeof(FmaPeakBenchmarks) && c.Descriptor.WorkloadMethod.Name == name);
        return peak is null ? null : Gflops(summary, peak);
    }

    private sealed class GflopsColumn : ComputedColumn
    {
        public override string ColumnName => "GFLOP/s";
        public override string Legend => "Counted flops per second (FMA peak: 2 per lane per FMA; minibatch: 2BHD forward, 4BHD gradient)";
        protected override string Format => "F1";
        protected override double? Value(Summary summary, BenchmarkCase benchmarkCase) => Gflops(summary, benchmarkCase);
    }

    private sealed class PeakShareColumn : ComputedColumn
    {
        public override string ColumnName => "% of peak";
        public override string Legend => "GFLOP/s ÷ the 512-bit FMA peak of the same element type in this summary (NA: the peak was not run with --join)";
        protected override string Format => "P0";
        protected override double? Value(Summary summary, BenchmarkCase benchmarkCase) =>
            Gflops(summary, benchmarkCase) is { } gflops && Peak(summary, benchmarkCase) is { } peak ? gflops / peak : null;
    }
}

/// <summary>A numeric column computed from a case's result in the summary: <see cref="Value"/> formatted with <see cref="Format"/>, NA when null.</summary>
internal abstract class ComputedColumn : IColumn
{
    public string Id => GetType().Name;
    public abstract string ColumnName { get; }
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public abstract string Legend { get; }
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Value(summary, benchmarkCase) is { } value ? value.ToString(Format, CultureInfo.InvariantCulture) : "NA";
    protected abstract string Format { get; }
    protected abstract double? Value(Summary summary, BenchmarkCase benchmarkCase);
}

/// <summary>
/// The "examples/s" column of <see cref="TrainingThroughputBenchmarks"/>: the examples one operation trains on (or takes
/// the gradient of), <see cref="TrainingThroughputBenchmarks.ExamplesPerOperation"/>, ÷ the mean time.
/// </summary>
internal sealed class ExamplesPerSecondConfig : ManualConfig
{
    public ExamplesPerSecondConfig() => AddColumn(new ExamplesColumn());

    private sealed class ExamplesColumn : ComputedColumn
    {
        public override string ColumnName => "examples/s";
        public override string Legend => "Examples per second: 10 epochs × 1,024 examples ÷ the mean time";
        protected override string Format => "N0";
        protected override double? Value(Summary summary, BenchmarkCase benchmarkCase) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics ? TrainingThroughputBenchmarks.ExamplesPerOperation / (statistics.Mean * 1e-9) : null;
    }
}
