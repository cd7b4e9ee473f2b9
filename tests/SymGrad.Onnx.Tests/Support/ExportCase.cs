using System.Reflection;
using SymGrad.Tests;

namespace SymGrad.Onnx.Tests.Support;

/// <summary>A generated model by name (from the runtime tests' <see cref="Models"/> or <see cref="ExportModels"/>), with seeded θ.</summary>
public static class ExportCase
{
    /// <summary>Builds the model, giving each dimension by its name (the constructor's order is not relied on).</summary>
    public static IModel Create(string name, IReadOnlyDictionary<string, int> dims, int seed)
    {
        var type = typeof(Models).GetNestedType(name + "Model") ?? typeof(ExportModels).GetNestedType(name + "Model")
            ?? throw new ArgumentException($"No generated {name}Model.", nameof(name));
        var constructor = type.GetConstructors().Single();
        var model = (IModel)constructor.Invoke(constructor.GetParameters().Select(p => (object)(p.Name == "seed" ? seed : dims[p.Name!])).ToArray());
        ParameterInitializer.Initialize(model, seed, scale: 1.5);
        // RBF widths γ are positive, as the runtime tests keep them: a negative γ makes exp(−γ‖x − w‖²) explode.
        foreach (var block in model.Blocks.Where(b => b.Name == "gamma"))
            foreach (ref double g in model.Parameters.Slice(block.Offset, block.Length)) g = Math.Abs(g);
        return model;
    }

    /// <summary><paramref name="count"/> rows of <paramref name="length"/> entries, uniform in [−2, 2), row-major.</summary>
    public static double[] RandomRows(Random random, int count, int length)
    {
        var rows = new double[count * length];
        for (int k = 0; k < rows.Length; k++) rows[k] = 4 * random.NextDouble() - 2;
        return rows;
    }

    /// <summary>Generated Forward on each row.</summary>
    public static double[] Forward(IModel model, double[] rows)
    {
        int length = model.InputLength;
        var scores = new double[rows.Length / length];
        for (int r = 0; r < scores.Length; r++) scores[r] = model.Forward(rows.AsSpan(r * length, length));
        return scores;
    }
}
