using SymGrad.Benchmarks.Fixtures;

namespace SymGrad.Benchmarks;

/// <summary>
/// `--gather-cost`: what gathering a shuffled minibatch's rows costs next to reading them in place, which bounds what a
/// <c>GradientBatch</c> over indexed rows could save (docs/benchmarks.md). Ten epochs of the mnist-shaped fixture's 1,024
/// examples at batch 64 through the generated <c>GradientBatch</c>: over consecutive rows read in place (the bare gradient
/// of <c>--training-ratios</c>), over shuffled rows gathered into one buffer first (what <c>Sgd.Train</c> does), and over
/// that buffer again without gathering (rows already in cache: a lower bound no in-place read of fresh rows reaches).
/// The three alternate within each of 31 rounds in one process; the fastest round and the median ratio are printed.
/// </summary>
internal static class GatherCost
{
    private const int Batch = 64, Epochs = 10, Rounds = 31;

    public static void Run()
    {
        var fixture = new TrainingFixture("mnist", Batch, examples: 1024);
        IModel model = fixture.Model;
        var data = fixture.Data;
        int d = data.InputLength;
        var gradient = new double[model.ParameterCount];
        var rows = new double[Batch * d];
        var targets = new double[Batch];
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Random(3).Shuffle(order);

        double InPlace()
        {
            double loss = 0;
            for (int epoch = 0; epoch < Epochs; epoch++)
                for (int first = 0; first < data.Count; first += Batch)
                    loss += model.GradientBatch<SquaredLoss>(data.InputRows(first, Batch), data.Targets.AsSpan(first, Batch), gradient);
            return loss;
        }
        double Gathered()
        {
            double loss = 0;
            for (int epoch = 0; epoch < Epochs; epoch++)
                for (int first = 0; first < data.Count; first += Batch)
                {
                    for (int k = 0; k < Batch; k++)
                    {
                        data.Input(order[first + k]).CopyTo(rows.AsSpan(k * d, d));
                        targets[k] = data.Targets[order[first + k]];
                    }
                    loss += model.GradientBatch<SquaredLoss>(rows, targets, gradient);
                }
            return loss;
        }
        double InCache()
        {
            double loss = 0;
            for (int epoch = 0; epoch < Epochs; epoch++)
                for (int first = 0; first < data.Count; first += Batch) loss += model.GradientBatch<SquaredLoss>(rows, targets, gradient);
            return loss;
        }

        (string Name, Func<double> Run)[] cases =
            [("in place, consecutive rows", InPlace), ("shuffled rows gathered first", Gathered), ("the gathered rows again", InCache)];
        var times = AlternatingRounds.Time([.. cases.Select(c => (Action)(() => c.Run()))], Rounds);
        for (int c = 0; c < cases.Length; c++)
        {
            var (fastest, median) = AlternatingRounds.Ratio(times, c);
            Console.WriteLine($"{cases[c].Name,-30} {times[c].Min(),7:F2} ms  {fastest:F3}× in place (median {median:F3})");
        }
    }
}
