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
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
            if (Ops.Sign(model.Forward(data.Inputs[i])) == Ops.Sign(data.Targets[i])) correct++; // Math.Sign throws on NaN
        return (double)correct / data.Count;
    }

    /// <summary>The mean loss <c>L(f(x), y)</c> over the examples.</summary>
    public static double MeanLoss<TLoss>(IModel model, Dataset data) where TLoss : ILoss
    {
        Check(model, data, nameof(data));
        double sum = 0;
        for (int i = 0; i < data.Count; i++) sum += TLoss.Value(model.Forward(data.Inputs[i]), data.Targets[i]);
        return sum / data.Count;
    }

    /// <summary>Throws unless <paramref name="data"/>'s inputs have <paramref name="model"/>'s input length.</summary>
    internal static void Check(IModel model, Dataset data, string argument)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data, argument);
        if (data.InputLength != model.InputLength)
            throw new ArgumentException($"The inputs have length {data.InputLength}, but model {model.Name} takes inputs of length {model.InputLength}.", argument);
    }
}
