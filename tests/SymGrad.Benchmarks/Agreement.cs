namespace SymGrad.Benchmarks;

/// <summary>
/// Guards the comparison: generated and hand-written code must compute the same numbers on the same θ,
/// or the timings compare different math. Run untimed from each [GlobalSetup]; throws on disagreement.
/// </summary>
internal static class Agreement
{
    private const double Tolerance = 1e-9;

    public static void Forward(string workload, double generated, double handWritten)
        => Require(workload, "Forward", generated, handWritten);

    public static void Loss(string workload, double generated, double handWritten)
        => Require(workload, "loss", generated, handWritten);

    /// <summary>Compares a generated flat gradient with the hand-written one, block by named block.</summary>
    public static void Gradient(string workload, IModel model, ReadOnlySpan<double> generated,
        params (string Block, double[] Values)[] handWritten)
    {
        if (handWritten.Length != model.Blocks.Count)
            throw new InvalidOperationException($"{workload}: the hand-written net has {handWritten.Length} gradient blocks, the model {model.Blocks.Count}.");
        foreach (var (name, values) in handWritten)
        {
            var block = model.Blocks.Single(b => b.Name == name);
            if (block.Length != values.Length)
                throw new InvalidOperationException($"{workload}: gradient block {name} has length {values.Length}, the model's {block.Length}.");
            for (int i = 0; i < values.Length; i++)
                Require(workload, $"∂L/∂{name}[{i}]", generated[block.Offset + i], values[i]);
        }
    }

    private static void Require(string workload, string what, double generated, double handWritten)
    {
        double scale = Math.Max(1.0, Math.Max(Math.Abs(generated), Math.Abs(handWritten)));
        if (!(Math.Abs(generated - handWritten) <= Tolerance * scale))
            throw new InvalidOperationException(
                $"{workload}: {what} disagrees: generated {generated:R}, hand-written {handWritten:R}.");
    }
}
