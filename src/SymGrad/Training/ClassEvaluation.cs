namespace SymGrad;

/// <summary>Measures a vector model on examples labelled with classes: accuracy, mean loss, the confusion matrix.</summary>
public static class ClassEvaluation
{
    /// <summary>The fraction of examples whose predicted class (argmax of the scores) is their label.</summary>
    public static double Accuracy(IVectorModel model, Dataset data) => ConfusionMatrix(model, data).Accuracy;

    /// <summary>The fraction of examples whose predicted class is their label, for a float32 model (each input rounded to float).</summary>
    public static double Accuracy(IVectorModel<float> model, Dataset data) => ConfusionMatrix(model, data).Accuracy;

    /// <summary>The mean class loss <c>L(f(x), y)</c> over the examples.</summary>
    /// <exception cref="ArgumentException">The inputs do not fit the model, or a label is not a class of the model.</exception>
    public static double MeanLoss<TLoss>(IVectorModel model, Dataset data) where TLoss : IClassLoss
    {
        Check(model, data);
        return Measure<TLoss>(model, data).MeanLoss;
    }

    /// <summary>The mean class loss of a float32 model over the examples (each input rounded to float, the loss in double on the widened scores).</summary>
    /// <exception cref="ArgumentException">The inputs do not fit the model, or a label is not a class of the model.</exception>
    public static double MeanLoss<TLoss>(IVectorModel<float> model, Dataset data) where TLoss : IClassLoss
    {
        Check(model, data);
        return Measure<TLoss>(model, data).MeanLoss;
    }

    /// <summary>Class accuracy and mean class loss of a float32 model over checked data, through its float <c>ForwardBatch</c>.</summary>
    internal static (double Accuracy, double MeanLoss) Measure<TLoss>(IVectorModel<float> model, Dataset data) where TLoss : IClassLoss
    {
        var kind = new ClassKind<float, Float32ClassScores, TLoss>(new Float32ClassScores(model));
        kind.Reserve(1);
        return Measurement.Alone<float, ClassKind<float, Float32ClassScores, TLoss>>(ref kind, data, new float[Evaluation.BatchRows * model.OutputLength]);
    }

    /// <summary>
    /// Counts, for every true class and predicted class, how many examples fall there. The scores come from
    /// <c>ForwardBatch</c> over runs of rows, the runs a training report's measurement uses, so the accuracy here is the
    /// report's to the bit.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs do not fit the model, or a label is not a class of the model.</exception>
    /// <exception cref="InvalidOperationException">A score is NaN (a data set's inputs are finite: the model's θ is not).</exception>
    public static ConfusionMatrix ConfusionMatrix(IVectorModel model, Dataset data)
    {
        Check(model, data);
        var scores = new ClassScores(model);
        int length = scores.RunRows(data) * scores.Outputs;
        Span<double> runScores = length <= Workspace.StackLimit ? stackalloc double[length] : new double[length];
        return Measurement.Confusion(scores, data, runScores);
    }

    /// <summary>
    /// Counts, for every true class and predicted class, how many examples a float32 model puts there (each input rounded
    /// to float; the scores from its float <c>ForwardBatch</c> over runs of rows, as its training reports measure).
    /// </summary>
    /// <exception cref="ArgumentException">The inputs do not fit the model, a label is not a class of the model, or a score is NaN for an input too large for a float.</exception>
    /// <exception cref="InvalidOperationException">A score is NaN for an input finite as a float.</exception>
    public static ConfusionMatrix ConfusionMatrix(IVectorModel<float> model, Dataset data)
    {
        Check(model, data);
        var scores = new Float32ClassScores(model);
        scores.Reserve(1);
        return Measurement.Confusion(scores, data, new float[scores.RunRows(data) * scores.Outputs]);
    }

    private static void Check<T>(IVectorModel<T> model, Dataset data) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Evaluation.Check(model, data, nameof(data));
        Targets.CheckLabels(data, model.OutputLength, nameof(data));
    }

    /// <summary>
    /// Accuracy and mean loss in one forward pass over checked data (<see cref="ClassKind{T, TScores, TLoss}"/>); allocates only a
    /// score buffer too large for the stack, and for separate row arrays the thread's gather buffer (<see cref="MeasuredRows"/>).
    /// </summary>
    internal static (double Accuracy, double MeanLoss) Measure<TLoss>(IVectorModel model, Dataset data) where TLoss : IClassLoss
    {
        var kind = new ClassKind<double, ClassScores, TLoss>(new ClassScores(model));
        int length = kind.RunRows(data) * kind.Outputs;
        Span<double> scores = length <= Workspace.StackLimit ? stackalloc double[length] : new double[length];
        return Measurement.Alone<double, ClassKind<double, ClassScores, TLoss>>(ref kind, data, scores);
    }
}

/// <summary>A K×K confusion matrix: <c>this[t, p]</c> counts examples of true class t predicted as p.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    internal ConfusionMatrix(int[,] counts) => _counts = counts;

    /// <summary>K, the number of classes.</summary>
    public int Classes => _counts.GetLength(0);

    /// <summary>Examples of true class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is not one of 0…K−1.</exception>
    public int this[int actual, int predicted] => _counts[Class(actual, nameof(actual)), Class(predicted, nameof(predicted))];

    /// <summary>The number of examples.</summary>
    public int Total { get { int n = 0; foreach (int c in _counts) n += c; return n; } }

    /// <summary>The fraction predicted correctly (the diagonal).</summary>
    public double Accuracy { get { int d = 0; for (int k = 0; k < Classes; k++) d += _counts[k, k]; return (double)d / Total; } }

    /// <summary>Of the examples predicted as class k, the fraction that are k; NaN when none is predicted as k.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not one of 0…K−1.</exception>
    public double Precision(int k) => (double)_counts[Class(k, nameof(k)), k] / Column(k);

    /// <summary>Of the examples of class k, the fraction predicted as k; NaN when there are none.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not one of 0…K−1.</exception>
    public double Recall(int k) => (double)_counts[Class(k, nameof(k)), k] / Row(k);

    private int Class(int k, string argument) =>
        (uint)k < (uint)Classes ? k : throw new ArgumentOutOfRangeException(argument, k, $"The classes are 0 to {Classes - 1}.");

    private int Row(int k) { int n = 0; for (int p = 0; p < Classes; p++) n += _counts[k, p]; return n; }

    private int Column(int k) { int n = 0; for (int t = 0; t < Classes; t++) n += _counts[t, k]; return n; }
}
