using System.Diagnostics;
using System.Runtime.CompilerServices;
using SymGrad.Benchmarks.Benchmarks;

namespace SymGrad.Benchmarks;

/// <summary>
/// `--batched-peak`: the float64 and float32 FMA peaks and the mnist-shaped GradientBatch's share of each (float64 model
/// against the float64 peak, float32 model against the float32 peak), each as the fastest of many
/// timed calls in one process, interleaved round by round. On a machine other processes load, a call's time is its
/// own work plus whatever the scheduler gives others meanwhile; the minimum over hundreds of calls is the closest
/// observation of the work alone, for the probe and the GEMMs alike, so their ratio is not skewed by load that one of
/// them happened to meet (BenchmarkDotNet's means, in the same docs section, include it).
/// </summary>
internal static class BatchedPeak
{
    private const int H = 128, D = 784, Calls = 200, WarmUpCalls = 1000;

    public static void Run()
    {
        var probe = new FmaPeakBenchmarks();
        var models = new[] { 16, 64, 256 }.Select(b => (Batch: b, Fixture: new Fixtures.TwoLayerFixture("mnist", examples: b))).ToArray();
        var floats = new[] { 16, 64, 256 }.Select(b => (Batch: b, Fixture: Fixtures.Float32Fixture.Make(b))).ToArray();
        // Untimed calls first, so that every round times the JIT's final code: a scratch program timing the float64
        // B = 64 call in blocks of 300 settled only after 300–900 calls, and 200-call rounds caught some processes
        // before that (docs/benchmarks.md, "Latest figures").
        foreach (var (_, f) in models)
            for (int i = 0; i < WarmUpCalls; i++) f.Model.GradientBatch<SquaredLoss>(f.Xs, f.Ys, f.Gradient);
        foreach (var (_, f) in floats)
            for (int i = 0; i < WarmUpCalls; i++)
            {
                f.Item1.GradientBatch<SquaredLoss>(f.Xs, f.Ys, f.Gradient);
                f.Item2.GradientBatch<SquaredLoss>(f.XsFloat, f.YsFloat, f.GradientFloat);
            }
        for (int round = 1; round <= 3; round++)
        {
            double peak = FmaPeakBenchmarks.Flops512 / Fastest(() => probe.Vector512Fma(), 20);
            Console.Write($"round {round}: FMA peak {peak / 1e9:F1} GFLOP/s");
            foreach (var (batch, f) in models)
            {
                double seconds = Fastest(() => f.Model.GradientBatch<SquaredLoss>(f.Xs, f.Ys, f.Gradient), Calls);
                double perExample = Fastest(() =>
                {
                    double loss = 0;
                    for (int r = 0; r < batch; r++) loss += f.Model.Gradient<SquaredLoss>(f.Xs.AsSpan(r * D, D), f.Ys[r], f.Gradient);
                    return loss;
                }, Calls / 10);
                double flops = MnistBatchedBenchmarks.Flops("Gradient", batch);
                Console.Write($"; B={batch}: GradientBatch {seconds * 1e6:F0} µs = {flops / seconds / 1e9:F1} GFLOP/s = {flops / seconds / peak:P0} of peak, per-example sum {perExample * 1e6:F0} µs ({perExample / seconds:F1}×)");
            }
            Console.WriteLine();
            double peak32 = FmaPeakBenchmarks.Flops512Float32 / Fastest(() => probe.Vector512FmaFloat32(), 20);
            Console.Write($"round {round}: float32 FMA peak {peak32 / 1e9:F1} GFLOP/s");
            foreach (var (batch, f) in floats)
            {
                var (wide, narrow) = (f.Item1, f.Item2);
                double seconds64 = Fastest(() => wide.GradientBatch<SquaredLoss>(f.Xs, f.Ys, f.Gradient), Calls);
                double seconds32 = Fastest(() => narrow.GradientBatch<SquaredLoss>(f.XsFloat, f.YsFloat, f.GradientFloat), Calls);
                double flops = MnistBatchedBenchmarks.Flops("Gradient", batch);
                Console.Write($"; B={batch}: float32 GradientBatch {seconds32 * 1e6:F0} µs = {flops / seconds32 / 1e9:F1} GFLOP/s = {flops / seconds32 / peak32:P0} of the float32 peak, {seconds64 / seconds32:F2}× float64's {seconds64 * 1e6:F0} µs");
            }
            Console.WriteLine();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fastest(Func<double> call, int calls)
    {
        double best = double.MaxValue, sink = 0;
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            sink += call();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        if (double.IsNaN(sink)) Console.Write(""); // keeps the results alive
        return best;
    }
}
