using SymGrad.Benchmarks.Fixtures;

namespace SymGrad.Benchmarks;

/// <summary>
/// `--measuring-cost`: what measuring the training set adds to <c>Sgd.Train</c> (docs/training.md, "What measuring costs"):
/// 10 epochs of the mnist-shaped training fixture at batch 64, measured every epoch, after the last only, or never, on one
/// thread and on all; the settings alternate within each of 20 rounds in one process, and the fastest round of each is
/// printed against never measuring.
/// </summary>
internal static class MeasuringCost
{
    public static void Run()
    {
        var fixture = new TrainingFixture("mnist", batchSize: 64, examples: 1024, epochs: 10);
        var one = fixture.Options with { MaxDegreeOfParallelism = 1 };
        (string Name, SgdOptions Options)[] cases =
        [
            ("every epoch, one thread", one),
            ("every epoch, all threads", one with { MaxDegreeOfParallelism = -1 }),
            ("after the last, one thread", one with { EvaluateEvery = 10 }),
            ("after the last, all threads", one with { EvaluateEvery = 10, MaxDegreeOfParallelism = -1 }),
            ("never (MeasureTraining = false)", one with { EvaluateEvery = 10, MeasureTraining = false }),
        ];
        var times = AlternatingRounds.Time([.. cases.Select(c => (Action)(() => Sgd.Train(fixture.Model, fixture.Data, c.Options)))], rounds: 20);
        for (int c = 0; c < cases.Length; c++)
            Console.WriteLine($"{cases[c].Name,-32} {times[c].Min(),7:F2} ms  {AlternatingRounds.Ratio(times, c, baseline: cases.Length - 1).Fastest:F3}× never");
    }
}
