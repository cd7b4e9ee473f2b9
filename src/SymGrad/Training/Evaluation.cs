namespace SymGrad;

/// <summary>
/// Measures a model on a data set. Allocates nothing, but for a data set that holds an array per row, whose runs of rows
/// are copied into a per-thread buffer made on the thread's first such call.
/// </summary>
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
