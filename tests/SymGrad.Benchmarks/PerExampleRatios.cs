using SymGrad.Benchmarks.Benchmarks;

namespace SymGrad.Benchmarks;

/// <summary>
/// `--per-example-ratios [rounds]`: the per-example benchmarks' generated <c>Forward</c> and <c>Gradient</c> against their
/// SIMD baselines, the four cases of a workload timed in turn within each round in one process (100 to 20,000 calls per
/// case and round, about a millisecond), printing the fastest round's ratio and the median of the per-round ratios. BenchmarkDotNet runs each
/// case in its own process, whose code and data placement can move a small workload's time by a tenth; this puts both
/// sides in the same one.
/// </summary>
internal static class PerExampleRatios
{
    public static void Run(int rounds)
    {
        foreach (string workload in new[] { "xor", "moons", "mid", "mnist", "rbf", "deep" })
        {
            var (simdForward, forward, simdGradient, gradient) = Cases(workload);
            // About a millisecond per case and round on each workload.
            int calls = workload switch { "mnist" => 100, "mid" or "deep" => 1_000, _ => 20_000 };
            Action Repeat(Func<double> call) => () => { for (int i = 0; i < calls; i++) call(); };
            var timings = AlternatingRounds.Time([Repeat(simdForward), Repeat(forward), Repeat(simdGradient), Repeat(gradient)], rounds);
            var (f, g) = (AlternatingRounds.Ratio(timings, 1, baseline: 0), AlternatingRounds.Ratio(timings, 3, baseline: 2));
            double Ns(int k) => timings[k].Min() * 1e6 / calls;
            Console.WriteLine($"{workload,-5}: Forward {Ns(1):F1} ns against {Ns(0):F1}, {f.Fastest:F3} (median {f.Median:F3}); " +
                $"Gradient {Ns(3):F1} ns against {Ns(2):F1}, {g.Fastest:F3} (median {g.Median:F3})");
        }
    }

    private static (Func<double>, Func<double>, Func<double>, Func<double>) Cases(string workload)
    {
        switch (workload)
        {
            case "rbf":
                var rbf = new RbfBenchmarks();
                rbf.Setup();
                return (rbf.SimdForward, rbf.GeneratedForward, rbf.SimdGradient, rbf.GeneratedGradient);
            case "deep":
                var deep = new DeepBenchmarks();
                deep.Setup();
                return (deep.SimdForward, deep.GeneratedForward, deep.SimdGradient, deep.GeneratedGradient);
            default:
                var twoLayer = new TwoLayerBenchmarks { Workload = workload };
                twoLayer.Setup();
                return (twoLayer.SimdForward, twoLayer.GeneratedForward, twoLayer.SimdGradient, twoLayer.GeneratedGradient);
        }
    }
}
