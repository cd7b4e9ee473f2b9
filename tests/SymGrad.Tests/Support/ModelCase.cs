using System.Reflection;

namespace SymGrad.Tests.Support;

/// <summary>
/// A generated model from <see cref="Models"/>, built by name with given dimensions, and a way to call the
/// annotated method itself on the model's current parameters (the reference semantics).
/// </summary>
public sealed class ModelCase
{
    private readonly MethodInfo _method;

    public ModelCase(string name, IReadOnlyDictionary<string, int> dims, int seed)
    {
        _method = typeof(Models).GetMethod(name) ?? throw new ArgumentException($"No model {name}.", nameof(name));
        var type = typeof(Models).GetNestedType(name + "Model") ?? throw new ArgumentException($"No generated {name}Model.", nameof(name));
        var constructor = type.GetConstructors().Single();
        Model = (IModel)constructor.Invoke(constructor.GetParameters().Select(p => (object)(p.Name == "seed" ? seed : dims[p.Name!])).ToArray());
        ParameterInitializer.Initialize(Model, seed, scale: 1.5);
        // RBF widths γ are positive (the lecture's bumps); a negative γ makes exp(−γ‖x − w‖²) explode.
        foreach (var block in Model.Blocks.Where(b => b.Name == "gamma"))
            foreach (ref double g in Model.Parameters.Slice(block.Offset, block.Length)) g = Math.Abs(g);
        var random = new Random(seed + 1000);
        X = FiniteDifferences.RandomVector(random, Model.InputLength, 2.0);
        Y = 2 * random.NextDouble() - 1;
        if (name == "OpRelu") AwayFromReluKinks();
    }

    public IModel Model { get; }

    public double[] X { get; }

    public double Y { get; }

    /// <summary>
    /// Relu has a kink at 0, where finite differences straddle two slopes. Rather than skip such cases, build the
    /// parameters so every Relu input, v[h] and (W·x + b)[h], is at least 0.1 away from 0.
    /// </summary>
    private void AwayFromReluKinks()
    {
        var blocks = Model.Blocks.ToDictionary(b => b.Name);
        var theta = Model.Parameters;
        var (w, b, v) = (blocks["W"], blocks["b"], blocks["v"]);
        for (int h = 0; h < v.Length; h++)
        {
            ref double vh = ref theta[v.Offset + h];
            vh = Math.CopySign(0.1 + Math.Abs(vh), vh);
            double wx = 0;
            for (int d = 0; d < w.Columns; d++) wx += theta[w.Offset + h * w.Columns + d] * X[d];
            ref double bh = ref theta[b.Offset + h];
            bh = -wx + Math.CopySign(0.1 + Math.Abs(bh), bh);
        }
    }

    /// <summary>Calls the [Model] method with Vec/Mat/double arguments built from the model's parameter blocks.</summary>
    public double Reference(double[] x)
    {
        var arguments = new List<object> { new Vec(x) };
        foreach (var (block, parameter) in Model.Blocks.Zip(_method.GetParameters().Skip(1)))
        {
            var values = Model.Parameters.Slice(block.Offset, block.Length);
            arguments.Add(parameter.ParameterType == typeof(Mat) ? new Mat(block.Rows, block.Columns, values)
                : parameter.ParameterType == typeof(Vec) ? new Vec(values)
                : values[0]);
        }
        return (double)_method.Invoke(null, arguments.ToArray())!;
    }
}
