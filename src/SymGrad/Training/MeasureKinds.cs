using System.Runtime.InteropServices;

namespace SymGrad;

/// <summary>
/// The inputs of a run of examples as one row-major block for a float64 <c>ForwardBatch</c>: a contiguous data set's own
/// rows, or, for one that holds an array per row, a copy in the calling thread's gather buffer (made on the thread's first
/// such call, grown for wider rows, kept with the thread). Copying a run costs far less than scoring it example by
/// example, which took 3.4× as long on a mnist-shaped model (docs/training.md, "Speed").
/// </summary>
internal static class MeasuredRows
{
    /// <summary>The most doubles a gather buffer holds (1 MiB; a float32 model's buffer holds as many bytes): wider rows are gathered in shorter runs.</summary>
    public const int GatherLimit = 1 << 17;

    /// <summary>How many examples one run of <paramref name="data"/> takes, at most <paramref name="rows"/>: fewer where a run of separate row arrays would pass <see cref="GatherLimit"/>.</summary>
    public static int Runs(Dataset data, int rows) => data.IsContiguous ? rows : Math.Clamp(GatherLimit / data.InputLength, 1, rows);

    /// <summary>Rows <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> of <paramref name="data"/> (a run of at most <see cref="Runs"/> rows) as one block.</summary>
    public static ReadOnlySpan<double> Of(Dataset data, int first, int count)
    {
        if (data.IsContiguous) return data.InputRows(first, count);
        int d = data.InputLength;
        var rows = Workspace<Gathered, double>.ForThread(count * d);
        for (int k = 0; k < count; k++) data.Input(first + k).CopyTo(rows.Slice(k * d, d));
        return rows;
    }

    /// <summary>The key of the gather buffers among the per-thread workspaces.</summary>
    private sealed class Gathered;
}

/// <summary>
/// A scalar float64 model against ±1 targets: <c>ForwardBatch</c> on runs of <see cref="Evaluation.BatchRows"/> rows
/// (<see cref="MeasuredRows"/>, which may shorten runs of wide row arrays); right when the score has its target's sign.
/// </summary>
internal readonly struct ScalarKind<TLoss>(IModel model) : IMeasureKind<double> where TLoss : ILoss
{
    public int Outputs => 1;

    public void Reserve(int threads)
    {
    }

    public int RunRows(Dataset data) => MeasuredRows.Runs(data, Evaluation.BatchRows);

    public void Score(Dataset data, int first, Span<double> scores, int thread) =>
        model.ForwardBatch(MeasuredRows.Of(data, first, scores.Length), scores);

    public double Example(Dataset data, int index, ReadOnlySpan<double> scores, ref int correct) => Signed(scores[0], data.Targets[index], ref correct);

    /// <summary>The loss of <paramref name="score"/> against a ±1 target; right when their signs agree (<see cref="Ops.Sign"/>, as Math.Sign throws on NaN).</summary>
    public static double Signed(double score, double target, ref int correct)
    {
        if (Ops.Sign(score) == Ops.Sign(target)) correct++;
        return TLoss.Value(score, target);
    }
}

/// <summary>
/// A float64 vector model's scores: <c>ForwardBatch</c> on runs of as many rows as fit in <see cref="Workspace.StackLimit"/>
/// scores, at most <see cref="Evaluation.BatchRows"/> (<see cref="MeasuredRows"/>); the predicted class is the argmax.
/// </summary>
internal readonly struct ClassScores(IVectorModel model) : IClassScores<double>
{
    public int Outputs => model.OutputLength;

    public void Reserve(int threads)
    {
    }

    public int RunRows(Dataset data) => MeasuredRows.Runs(data, Evaluation.ClassRunRows(Outputs));

    public void Score(Dataset data, int first, Span<double> scores, int thread) =>
        model.ForwardBatch(MeasuredRows.Of(data, first, scores.Length / Outputs), scores);

    public int Predicted(Dataset data, int index, ReadOnlySpan<double> scores) => Kernels.ArgMax(scores, data.Input(index), "data");
}

/// <summary>
/// A float32 model's inputs rounded to float for its <c>ForwardBatch</c>: one buffer per thread of <see cref="Rows"/> rows,
/// <see cref="Evaluation.BatchRows"/> unless that would pass <see cref="MeasuredRows.GatherLimit"/> bytes' worth of floats.
/// </summary>
internal struct Float32Inputs(int inputLength)
{
    private float[][] _rows = [];

    /// <summary>How many examples one run takes.</summary>
    public readonly int Rows => Math.Clamp(2 * MeasuredRows.GatherLimit / inputLength, 1, Evaluation.BatchRows);

    public void Reserve(int threads)
    {
        _rows = new float[threads][];
        for (int t = 0; t < threads; t++) _rows[t] = new float[Rows * inputLength];
    }

    /// <summary>Thread <paramref name="thread"/>'s copy of <paramref name="count"/> inputs from <paramref name="first"/> on, rounded to float.</summary>
    public readonly Span<float> Narrow(Dataset data, int first, int count, int thread) => Float32GradientSource.NarrowRows(data, first, count, _rows[thread]);
}

/// <summary>A float32 scalar model against ±1 targets: float <c>ForwardBatch</c> on runs of <see cref="Float32Inputs.Rows"/> rows, as <see cref="ScalarKind{TLoss}"/> on the widened scores.</summary>
internal struct Float32ScalarKind<TLoss>(IModel<float> model) : IMeasureKind<float> where TLoss : ILoss
{
    private Float32Inputs _inputs = new(model.InputLength);

    public readonly int Outputs => 1;

    public void Reserve(int threads) => _inputs.Reserve(threads);

    public readonly int RunRows(Dataset data) => _inputs.Rows;

    public readonly void Score(Dataset data, int first, Span<float> scores, int thread) =>
        model.ForwardBatch(_inputs.Narrow(data, first, scores.Length, thread), scores);

    public readonly double Example(Dataset data, int index, ReadOnlySpan<float> scores, ref int correct) =>
        ScalarKind<TLoss>.Signed(scores[0], data.Targets[index], ref correct);
}

/// <summary>
/// A float32 vector model's scores: float <c>ForwardBatch</c> on runs of <see cref="Float32Inputs.Rows"/> rows; the
/// predicted class is the argmax of the float scores. An example's input is rounded to float again only for the error of
/// a NaN score.
/// </summary>
internal struct Float32ClassScores(IVectorModel<float> model) : IClassScores<float>
{
    private Float32Inputs _inputs = new(model.InputLength);

    public readonly int Outputs => model.OutputLength;

    public void Reserve(int threads) => _inputs.Reserve(threads);

    public readonly int RunRows(Dataset data) => _inputs.Rows;

    public readonly void Score(Dataset data, int first, Span<float> scores, int thread) =>
        model.ForwardBatch(_inputs.Narrow(data, first, scores.Length / Outputs, thread), scores);

    public readonly int Predicted(Dataset data, int index, ReadOnlySpan<float> scores)
    {
        var x = HasNaN(scores) ? Float32GradientSource.NarrowRows(data, index, 1, new float[data.InputLength]) : default;
        return Kernels.ArgMax<float>(scores, x, "data");
    }

    private static bool HasNaN(ReadOnlySpan<float> scores)
    {
        foreach (float score in scores)
            if (float.IsNaN(score)) return true;
        return false;
    }
}

/// <summary>
/// A vector model against class labels, in either element type (<typeparamref name="TScores"/>: <see cref="ClassScores"/>
/// or <see cref="Float32ClassScores"/>): right when the predicted class is the label; the loss in double, on the
/// widened scores of a float32 model.
/// </summary>
internal struct ClassKind<T, TScores, TLoss>(TScores scores) : IMeasureKind<T>
    where T : unmanaged where TScores : struct, IClassScores<T> where TLoss : IClassLoss
{
    private TScores _scores = scores;

    public readonly int Outputs => _scores.Outputs;

    public void Reserve(int threads) => _scores.Reserve(threads);

    public readonly int RunRows(Dataset data) => _scores.RunRows(data);

    public readonly void Score(Dataset data, int first, Span<T> scores, int thread) => _scores.Score(data, first, scores, thread);

    public readonly double Example(Dataset data, int index, ReadOnlySpan<T> scores, ref int correct)
    {
        int y = (int)data.Targets[index];
        if (_scores.Predicted(data, index, scores) == y) correct++;
        return typeof(T) == typeof(double) ? TLoss.Value(MemoryMarshal.Cast<T, double>(scores), y) : WideningLoss.Value<TLoss>(MemoryMarshal.Cast<T, float>(scores), y);
    }
}
