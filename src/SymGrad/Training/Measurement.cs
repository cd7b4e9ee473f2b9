namespace SymGrad;

/// <summary>
/// How one model kind scores a data set: runs of examples through its <c>ForwardBatch</c>, with per-thread buffers. A
/// struct, so the loops below and <see cref="PooledMeasure{T, TKind}"/> are compiled for each kind and allocate nothing.
/// </summary>
/// <typeparam name="T">The model's element type, that of its scores.</typeparam>
internal interface IScores<T> where T : unmanaged
{
    /// <summary>Scores per example: 1 for a scalar model, the classes for a vector one.</summary>
    int Outputs { get; }

    /// <summary>Makes the buffers of threads 0 … <paramref name="threads"/> − 1, before the first measurement.</summary>
    void Reserve(int threads);

    /// <summary>How many examples of <paramref name="data"/> one scoring call takes.</summary>
    int RunRows(Dataset data);

    /// <summary>Writes the scores of the examples from <paramref name="first"/> on, as many as fill <paramref name="scores"/>, with thread <paramref name="thread"/>'s buffers.</summary>
    void Score(Dataset data, int first, Span<T> scores, int thread);
}

/// <summary>What measuring a data set (accuracy and mean loss in one forward pass) needs from one model kind: its scores, then each example's loss and verdict.</summary>
internal interface IMeasureKind<T> : IScores<T> where T : unmanaged
{
    /// <summary>Example <paramref name="index"/>'s loss from its <paramref name="scores"/>; adds 1 to <paramref name="correct"/> if it is classified right.</summary>
    double Example(Dataset data, int index, ReadOnlySpan<T> scores, ref int correct);
}

/// <summary>A vector model's scores and the class they predict, for its measurements and its confusion matrix.</summary>
internal interface IClassScores<T> : IScores<T> where T : unmanaged
{
    /// <summary>The class example <paramref name="index"/>'s <paramref name="scores"/> predict; a NaN score throws (<see cref="Kernels.ArgMax{T}"/>).</summary>
    int Predicted(Dataset data, int index, ReadOnlySpan<T> scores);
}

/// <summary>The one-thread measurement every kind shares.</summary>
internal static class Measurement
{
    /// <summary>
    /// Accuracy and mean loss of checked <paramref name="data"/>: the examples scored in runs of
    /// <see cref="IScores{T}.RunRows"/> into <paramref name="runScores"/> (room for one run), their losses summed in
    /// example order.
    /// </summary>
    public static (double Accuracy, double MeanLoss) Alone<T, TKind>(ref TKind kind, Dataset data, Span<T> runScores)
        where T : unmanaged where TKind : struct, IMeasureKind<T>
    {
        int rows = kind.RunRows(data), outputs = kind.Outputs, correct = 0;
        double sum = 0;
        for (int first = 0; first < data.Count; first += rows)
        {
            int count = Math.Min(rows, data.Count - first);
            var scores = runScores[..(count * outputs)];
            kind.Score(data, first, scores, thread: 0);
            for (int k = 0; k < count; k++) sum += kind.Example(data, first + k, scores.Slice(k * outputs, outputs), ref correct);
        }
        return ((double)correct / data.Count, sum / data.Count);
    }

    /// <summary>Counts, for every label and predicted class, the examples of checked <paramref name="data"/> there, scored in the runs <see cref="Alone"/> scores (through it).</summary>
    public static ConfusionMatrix Confusion<T, TScores>(TScores scores, Dataset data, Span<T> runScores)
        where T : unmanaged where TScores : struct, IClassScores<T>
    {
        var tally = new Tally<T, TScores>(scores, new int[scores.Outputs, scores.Outputs]);
        Alone<T, Tally<T, TScores>>(ref tally, data, runScores);
        return new ConfusionMatrix(tally.Counts);
    }

    /// <summary>A measurement that counts each example at its label and predicted class; its losses are 0.</summary>
    private struct Tally<T, TScores>(TScores scores, int[,] counts) : IMeasureKind<T> where T : unmanaged where TScores : struct, IClassScores<T>
    {
        private TScores _scores = scores;

        public readonly int[,] Counts => counts;

        public readonly int Outputs => _scores.Outputs;

        public void Reserve(int threads) => _scores.Reserve(threads);

        public readonly int RunRows(Dataset data) => _scores.RunRows(data);

        public readonly void Score(Dataset data, int first, Span<T> scores, int thread) => _scores.Score(data, first, scores, thread);

        public readonly double Example(Dataset data, int index, ReadOnlySpan<T> scores, ref int correct)
        {
            counts[(int)data.Targets[index], _scores.Predicted(data, index, scores)]++;
            return 0;
        }
    }
}
