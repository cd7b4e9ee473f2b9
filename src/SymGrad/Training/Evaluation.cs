namespace SymGrad;

/// <summary>Measures a model on a data set. Allocates nothing.</summary>
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

    /// <summary>Accuracy and mean loss in one forward pass over checked data.</summary>
    internal static (double Accuracy, double MeanLoss) Measure<TLoss>(IModel model, Dataset data) where TLoss : ILoss
    {
        int correct = 0;
        double sum = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double score = model.Forward(data.Input(i));
            if (Ops.Sign(score) == Ops.Sign(data.Targets[i])) correct++; // Ops.Sign, as Math.Sign throws on NaN
            sum += TLoss.Value(score, data.Targets[i]);
        }
        return ((double)correct / data.Count, sum / data.Count);
    }

    /// <summary>Throws unless <paramref name="data"/>'s inputs have <paramref name="model"/>'s input length.</summary>
    internal static void Check(IParameterized model, Dataset data, string argument)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data, argument);
        if (data.InputLength != model.InputLength)
            throw new ArgumentException($"The inputs have length {data.InputLength}, but model {model.Name} takes inputs of length {model.InputLength}.", argument);
    }
}
