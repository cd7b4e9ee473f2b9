namespace SymGrad.Benchmarks;

/// <summary>Seeded example data: the timings do not depend on the values, only on the shapes.</summary>
internal static class Inputs
{
    /// <summary><paramref name="count"/> inputs of length <paramref name="d"/> laid end to end, uniform in [−1, 1], and one target each.</summary>
    public static (double[] Xs, double[] Ys) Make(int count, int d, int seed = 7)
    {
        var random = new Random(seed);
        var xs = new double[count * d];
        var ys = new double[count];
        for (int i = 0; i < xs.Length; i++) xs[i] = 2 * random.NextDouble() - 1;
        for (int i = 0; i < ys.Length; i++) ys[i] = 2 * random.NextDouble() - 1;
        return (xs, ys);
    }

    /// <summary>A copy of the named parameter block of a generated model, to build its hand-written twin from.</summary>
    public static double[] Block(IModel model, string name)
    {
        foreach (var block in model.Blocks)
            if (block.Name == name) return model.Parameters.Slice(block.Offset, block.Length).ToArray();
        throw new InvalidOperationException($"{model.Name} has no parameter block '{name}'.");
    }
}
