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

    /// <summary>
    /// The named block copied to a cache-line boundary (<see cref="ParameterStorage"/>), as a careful engineer keeps a
    /// SIMD baseline's weight matrix: a generated model's θ starts on one, and a plain array's rows would start anywhere
    /// within a line by the process's luck, their 512-bit loads then straddling two lines.
    /// </summary>
    public static ArraySegment<double> AlignedBlock(IModel model, string name)
    {
        var values = Block(model, name);
        var storage = ParameterStorage.Allocate<double>(values.Length, out int start);
        values.CopyTo(storage, start);
        return new ArraySegment<double>(storage, start, values.Length);
    }

    /// <summary>A copy of the named parameter block of a generated model, to build its hand-written twin from.</summary>
    public static double[] Block(IModel model, string name)
    {
        foreach (var block in model.Blocks)
            if (block.Name == name) return model.Parameters.Slice(block.Offset, block.Length).ToArray();
        throw new InvalidOperationException($"{model.Name} has no parameter block '{name}'.");
    }
}
