namespace SymGrad.Tests;

/// <summary>
/// <see cref="PooledMeasure{T, TKind}"/> with a kind that refuses some examples: whichever thread meets a refused example
/// first, the measurement throws for the first one in example order, as the one-thread measurement does.
/// </summary>
public sealed class PooledMeasureTests
{
    [Fact]
    public void The_first_refused_example_in_order_is_the_one_named_whatever_thread_meets_one_first()
    {
        // 2,048 examples in 16 blocks of 128: thread 0 scores blocks 0, 2, …, thread 1 blocks 1, 3, …. Examples 383 (the
        // last of block 2, thread 0's second) and 384 (the first of block 3, thread 1's second) are refused, and thread 0
        // is held up before block 2, so thread 1 meets 384 first; the one-thread order meets 383 first.
        var data = new Dataset(new double[2048 * 2], 2, Enumerable.Repeat(1.0, 2048).ToArray());
        var model = new Models.TwoLayerModel(H: 4, D: 2, seed: 1);
        using var threads = new MinibatchGradients(new ScalarGradients<SquaredLoss>(model, data), model.ParameterCount, batchSize: 64, data.InputLength, maxDegreeOfParallelism: 2);
        var kind = new Refusing([383, 384], slowBlock: 256);
        // 1,100 parameters claimed, so that 2,048 rows are worth a second thread.
        var measure = new PooledMeasure<double, Refusing>(kind, parameterCount: 1100);
        measure.Prepare(threads, new SgdOptions { Epochs = 2 }, data, null);
        threads.StartMeasuring();

        var error = Assert.Throws<ArgumentException>(() => measure.Measure(data));
        Assert.Equal("example 383", error.Message);
        Assert.Equal(2, kind.Threads.Count);
    }

    [Fact]
    public void A_measurement_on_two_threads_adds_the_losses_in_example_order()
    {
        var data = new Dataset(new double[2048 * 2], 2, Enumerable.Repeat(1.0, 2048).ToArray());
        var model = new Models.TwoLayerModel(H: 4, D: 2, seed: 1);
        using var threads = new MinibatchGradients(new ScalarGradients<SquaredLoss>(model, data), model.ParameterCount, batchSize: 64, data.InputLength, maxDegreeOfParallelism: 2);
        var kind = new Refusing([], slowBlock: -1);
        var measure = new PooledMeasure<double, Refusing>(kind, parameterCount: 1100);
        measure.Prepare(threads, new SgdOptions { Epochs = 2 }, data, null);
        threads.StartMeasuring();

        var (accuracy, meanLoss) = measure.Measure(data);
        var alone = Measurement.Alone<double, Refusing>(ref kind, data, new double[Evaluation.BatchRows]);
        Assert.Equal(2, kind.Threads.Count);
        Assert.Equal(alone, (accuracy, meanLoss)); // the losses 1/(i + 1) added in the one-thread order
        Assert.Equal(1024.0 / 2048, accuracy);
    }

    /// <summary>
    /// Example i scores i; its loss is 1/(i + 1), right when i is even; the <paramref name="refused"/> examples throw.
    /// Records the scoring threads; the training thread waits 200 ms before scoring the run from <paramref name="slowBlock"/>.
    /// </summary>
    private readonly struct Refusing(int[] refused, int slowBlock) : IMeasureKind<double>
    {
        public HashSet<Thread> Threads { get; } = [];

        public int Outputs => 1;

        public void Reserve(int threads)
        {
        }

        public int RunRows(Dataset data) => Evaluation.BatchRows;

        public void Score(Dataset data, int first, Span<double> scores, int thread)
        {
            lock (Threads) Threads.Add(Thread.CurrentThread);
            if (thread == 0 && first == slowBlock) Thread.Sleep(200);
            for (int k = 0; k < scores.Length; k++) scores[k] = first + k;
        }

        public double Example(Dataset data, int index, ReadOnlySpan<double> scores, ref int correct)
        {
            if (refused.Contains(index)) throw new ArgumentException($"example {index}");
            if (index % 2 == 0) correct++;
            return 1.0 / (scores[0] + 1);
        }
    }
}
