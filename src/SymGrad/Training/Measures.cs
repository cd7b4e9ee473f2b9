namespace SymGrad;

/// <summary>A scalar float64 model's measurement: <see cref="Evaluation.Measure{TLoss}(IModel, Dataset)"/>, pooled.</summary>
internal sealed class ScalarMeasure<TLoss>(IModel model) : PooledMeasure<double>(model.ParameterCount, 1) where TLoss : ILoss
{
    protected override int RunRows(Dataset data) => Evaluation.RunRows(data);

    protected override void Score(Dataset data, int first, int count, int thread, Span<double> scores) => Evaluation.Score(model, data, first, scores);

    protected override void Tally(Dataset data, int first, ReadOnlySpan<double> scores, ref int correct, ref double sum) =>
        Evaluation.Tally<TLoss>(scores, data.Targets.AsSpan(first, scores.Length), ref correct, ref sum);

    protected override (double Accuracy, double MeanLoss) MeasureAlone(Dataset data) => Evaluation.Measure<TLoss>(model, data);
}

/// <summary>A float64 vector model's measurement against class labels: <see cref="ClassEvaluation.Measure{TLoss}(IVectorModel, Dataset)"/>, pooled.</summary>
internal sealed class ClassMeasure<TLoss>(IVectorModel model) : PooledMeasure<double>(model.ParameterCount, model.OutputLength) where TLoss : IClassLoss
{
    protected override int RunRows(Dataset data) => ClassEvaluation.RunRows(Outputs, data);

    protected override void Score(Dataset data, int first, int count, int thread, Span<double> scores) => ClassEvaluation.Score(model, data, first, scores);

    protected override void Tally(Dataset data, int first, ReadOnlySpan<double> scores, ref int correct, ref double sum) =>
        ClassEvaluation.Tally<TLoss>(data, first, scores, Outputs, ref correct, ref sum);

    protected override (double Accuracy, double MeanLoss) MeasureAlone(Dataset data) => ClassEvaluation.Measure<TLoss>(model, data);
}

/// <summary>
/// A float32 model's measurement (scalar or vector), inputs rounded to float: one thread's input buffer per thread, made
/// at its first measurement; the training thread's is also the one-thread measurement's.
/// </summary>
internal abstract class Float32Measure(IParameterized<float> model, int outputs) : PooledMeasure<float>(model.ParameterCount, outputs)
{
    private readonly float[][] _inputs = new float[MinibatchGradients.MaxChunks][];
    private float[]? _scores;

    protected override int RunRows(Dataset data) => Evaluation.BatchRows;

    /// <summary>Thread <paramref name="thread"/>'s buffer for a run's inputs rounded to float.</summary>
    protected float[] Inputs(int thread) => _inputs[thread] ??= new float[Evaluation.BatchRows * model.InputLength];

    /// <summary>The one-thread measurement's scores of a run.</summary>
    protected float[] RunScores => _scores ??= new float[Evaluation.BatchRows * Outputs];
}

/// <summary>A float32 scalar model's measurement.</summary>
internal sealed class Float32ScalarMeasure<TLoss>(IModel<float> model) : Float32Measure(model, 1) where TLoss : ILoss
{
    protected override void Score(Dataset data, int first, int count, int thread, Span<float> scores) =>
        model.ForwardBatch(Float32GradientSource.NarrowRows(data, first, count, Inputs(thread)), scores);

    protected override void Tally(Dataset data, int first, ReadOnlySpan<float> scores, ref int correct, ref double sum) =>
        Float32Gradients<TLoss>.Tally(data, first, scores, ref correct, ref sum);

    protected override (double Accuracy, double MeanLoss) MeasureAlone(Dataset data) => Float32Gradients<TLoss>.Measure(model, data, Inputs(0), RunScores);
}

/// <summary>A float32 vector model's measurement against class labels.</summary>
internal sealed class Float32ClassMeasure<TLoss>(IVectorModel<float> model) : Float32Measure(model, model.OutputLength) where TLoss : IClassLoss
{
    protected override void Score(Dataset data, int first, int count, int thread, Span<float> scores) =>
        model.ForwardBatch(Float32GradientSource.NarrowRows(data, first, count, Inputs(thread)), scores);

    protected override void Tally(Dataset data, int first, ReadOnlySpan<float> scores, ref int correct, ref double sum) =>
        Float32ClassGradients<TLoss>.Tally(data, first, scores, Outputs, ref correct, ref sum);

    protected override (double Accuracy, double MeanLoss) MeasureAlone(Dataset data) => Float32ClassGradients<TLoss>.Measure(model, data, Inputs(0), RunScores);
}
