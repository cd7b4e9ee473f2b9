namespace SymGrad;

/// <summary>
/// Measures a model on a data set, scoring runs of up to 128 examples through the model's <c>ForwardBatch</c>.
/// </summary>
/// <remarks>
/// The float64 overloads allocate nothing on a contiguous data set. On one that holds an array per row, each run is
/// first copied into a buffer of the calling thread (at most 128 rows and 1 MiB: wider rows go in shorter runs), made on
/// the thread's first such call and kept for its next ones. The float32 overloads allocate their float buffers.
/// </remarks>
public static class Evaluation
{
    /// <summary>
    /// The fraction of examples whose score has the sign of their target (targets ±1): the lecture's classifier
    /// <c>sign(f(x))</c>. A score of exactly 0, or NaN, counts as wrong.
    /// </summary>
    public static double Accuracy(IModel model, Dataset data)
    {
        Check(model, data, nameof(data));
        return Measure<SquaredLoss>(model, data).Accuracy;
    }

    /// <summary>The mean loss <c>L(f(x), y)</c> over the examples.</summary>
    public static double MeanLoss<TLoss>(IModel model, Dataset data) where TLoss : ILoss
    {
        Check(model, data, nameof(data));
        return Measure<TLoss>(model, data).MeanLoss;
    }

    /// <summary>The fraction of examples whose float32 score has the sign of their target (each input rounded to float); as <see cref="Accuracy(IModel, Dataset)"/>.</summary>
    /// <remarks>Allocates its float buffers.</remarks>
    public static double Accuracy(IModel<float> model, Dataset data)
    {
        Check(model, data, nameof(data));
        return Measure<SquaredLoss>(model, data).Accuracy;
    }

    /// <summary>The mean loss <c>L(f(x), y)</c> of a float32 model over the examples (each input rounded to float, the loss in double).</summary>
    /// <remarks>Allocates its float buffers.</remarks>
    public static double MeanLoss<TLoss>(IModel<float> model, Dataset data) where TLoss : ILoss
    {
        Check(model, data, nameof(data));
        return Measure<TLoss>(model, data).MeanLoss;
    }

    /// <summary>Accuracy and mean loss of a float32 model over checked data, through its float <c>ForwardBatch</c>.</summary>
    internal static (double Accuracy, double MeanLoss) Measure<TLoss>(IModel<float> model, Dataset data) where TLoss : ILoss
    {
        var kind = new Float32ScalarKind<TLoss>(model);
        kind.Reserve(1);
        return Measurement.Alone<float, Float32ScalarKind<TLoss>>(ref kind, data, new float[BatchRows]);
    }

    /// <summary>How many rows one <c>ForwardBatch</c> call of a measurement takes.</summary>
    internal const int BatchRows = 128;

    /// <summary>How many rows one float64 class model's <c>ForwardBatch</c> call of a measurement takes: as many as fit <see cref="Workspace.StackLimit"/> scores, at most <see cref="BatchRows"/>.</summary>
    internal static int ClassRunRows(int classes) => Math.Clamp(Workspace.StackLimit / classes, 1, BatchRows);

    /// <summary>
    /// Accuracy and mean loss in one forward pass over checked data: through <c>ForwardBatch</c> on runs of
    /// <see cref="BatchRows"/> rows (a generated model computes them with matrix–matrix products), gathered first where
    /// the data set holds an array per row (<see cref="MeasuredRows"/>).
    /// </summary>
    internal static (double Accuracy, double MeanLoss) Measure<TLoss>(IModel model, Dataset data) where TLoss : ILoss
    {
        var kind = new ScalarKind<TLoss>(model);
        return Measurement.Alone<double, ScalarKind<TLoss>>(ref kind, data, stackalloc double[kind.RunRows(data)]);
    }

    /// <summary>Throws unless <paramref name="data"/>'s inputs have <paramref name="model"/>'s input length.</summary>
    internal static void Check<T>(IParameterized<T> model, Dataset data, string argument) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data, argument);
        if (data.InputLength != model.InputLength)
            throw new ArgumentException($"The inputs have length {data.InputLength}, but model {model.Name} takes inputs of length {model.InputLength}.", argument);
    }
}
