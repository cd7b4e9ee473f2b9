using System.Diagnostics;

namespace SymGrad.Generator.Benchmarks;

/// <summary>
/// The same runs timed by the process's CPU time as well as by the wall clock. On a machine shared with other
/// busy processes the wall clock measures the contention; CPU time (all threads of this process: the run itself,
/// the GC and the JIT) measures the work. `--cpu` selects this report instead of BenchmarkDotNet.
/// </summary>
internal static class CpuTimeReport
{
    public static void Run(int models, int iterations)
    {
        var benchmarks = new GeneratorBenchmarks { Models = models };
        benchmarks.Setup();
        Console.WriteLine($"{models} models, {iterations} runs each after 10 warm-up runs");
        Console.WriteLine("| Run | CPU ms per run | wall ms min | wall ms median |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Measure(nameof(benchmarks.FullRun), () => benchmarks.FullRun(), iterations);
        Measure(nameof(benchmarks.IncrementalRun), () => benchmarks.IncrementalRun(), iterations);
        Measure(nameof(benchmarks.UnrelatedEditRun), () => benchmarks.UnrelatedEditRun(), iterations);
        Measure(nameof(benchmarks.KeystrokeRun), () => benchmarks.KeystrokeRun(), iterations);
        Measure(nameof(benchmarks.EditAboveAllModelsRun), () => benchmarks.EditAboveAllModelsRun(), iterations);
    }

    private static void Measure(string name, Func<object> run, int iterations)
    {
        for (int i = 0; i < 10; i++) run();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var wall = new double[iterations];
        TimeSpan cpuBefore = process.TotalProcessorTime;
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            GC.KeepAlive(run());
            wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / iterations;
        Array.Sort(wall);
        Console.WriteLine($"| {name} | {cpu:F1} | {wall[0]:F1} | {wall[iterations / 2]:F1} |");
    }
}
