using System.Diagnostics;

namespace SymGrad.Benchmarks;

/// <summary>
/// The in-process probes' timing: every case once per round, the cases in turn within a round, so that load from other
/// processes meets all of them alike. A ratio is read as the fastest rounds' and as the median of the per-round ratios.
/// </summary>
internal static class AlternatingRounds
{
    /// <summary>Each case's time per round, in milliseconds (a case run <paramref name="repeats"/> times per round, its mean).</summary>
    public static List<double>[] Time(IReadOnlyList<Action> cases, int rounds, int repeats = 1)
    {
        var times = cases.Select(_ => new List<double>(rounds)).ToArray();
        for (int round = 0; round < rounds; round++)
            for (int c = 0; c < cases.Count; c++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int r = 0; r < repeats; r++) cases[c]();
                times[c].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / repeats);
            }
        return times;
    }

    /// <summary>Case <paramref name="k"/> against case <paramref name="baseline"/>: fastest round over fastest round, and the median of the rounds' ratios.</summary>
    public static (double Fastest, double Median) Ratio(List<double>[] times, int k, int baseline = 0)
    {
        var ratios = times[k].Zip(times[baseline], (t, b) => t / b).Order().ToArray();
        return (times[k].Min() / times[baseline].Min(), ratios[ratios.Length / 2]);
    }
}
