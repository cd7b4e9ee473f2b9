using System.Reflection;

namespace SymGrad.Tests.Support;

/// <summary>
/// A generated vector model from <see cref="Models"/>, built by name with given dimensions, its reference method, and
/// central finite differences of any loss of its scores with respect to θ or to its input.
/// </summary>
public sealed class VectorModelCase
{
    private readonly MethodInfo _method;

    public VectorModelCase(string name, IReadOnlyDictionary<string, int> dims, int seed, double scale = 1.5)
    {
        _method = typeof(Models).GetMethod(name) ?? throw new ArgumentException($"No model {name}.", nameof(name));
        var type = typeof(Models).GetNestedType(name + "Model") ?? throw new ArgumentException($"No generated {name}Model.", nameof(name));
        var constructor = type.GetConstructors().Single();
        Model = (IVectorModel)constructor.Invoke(constructor.GetParameters().Select(p => (object)(p.Name == "seed" ? seed : dims[p.Name!])).ToArray());
        ParameterInitializer.Initialize(Model, seed, scale);
        var random = new Random(seed + 1000);
        X = FiniteDifferences.RandomVector(random, Model.InputLength, 2.0);
        Label = random.Next(Model.OutputLength);
        Target = FiniteDifferences.RandomVector(random, Model.OutputLength);
    }

    public IVectorModel Model { get; }

    public double[] X { get; }

    public int Label { get; }

    public double[] Target { get; }

    public double[] Scores(ReadOnlySpan<double> x)
    {
        var s = new double[Model.OutputLength];
        Model.Forward(x, s);
        return s;
    }

    /// <summary>Calls the [Model] method with Vec/Mat/double arguments built from the model's parameter blocks.</summary>
    public double[] Reference(double[] x)
    {
        var arguments = new List<object> { new Vec(x) };
        foreach (var (block, parameter) in Model.Blocks.Zip(_method.GetParameters().Skip(1)))
        {
            var values = Model.Parameters.Slice(block.Offset, block.Length);
            arguments.Add(parameter.ParameterType == typeof(Mat) ? new Mat(block.Rows, block.Columns, values)
                : parameter.ParameterType == typeof(Vec) ? new Vec(values)
                : values[0]);
        }
        return ((Vec)_method.Invoke(null, arguments.ToArray())!).AsSpan().ToArray();
    }

    /// <summary>
    /// ∂ℓ/∂v for every entry of <paramref name="v"/> (θ or an input), ℓ a function of the scores, by central differences with
    /// Richardson extrapolation as in <see cref="FiniteDifferences.Gradient{TLoss}"/>; v is restored afterwards.
    /// </summary>
    public double[] Numeric(Span<double> v, Func<double[], double> loss, double[]? x = null)
    {
        x ??= X;
        var result = new double[v.Length];
        for (int k = 0; k < v.Length; k++)
        {
            double saved = v[k];
            double h = 1e-4 * Math.Max(1, Math.Abs(saved));
            double Central(Span<double> w, double step)
            {
                w[k] = saved + step;
                double plus = loss(Scores(x));
                w[k] = saved - step;
                double minus = loss(Scores(x));
                w[k] = saved;
                return (plus - minus) / (2 * step);
            }
            result[k] = (4 * Central(v, h / 2) - Central(v, h)) / 3;
        }
        return result;
    }

    /// <summary>Asserts analytic and numeric gradients agree within <paramref name="tolerance"/>·max(1, |analytic|), naming the first entry that does not.</summary>
    public void AssertClose(double[] analytic, double[] numeric, string what, double tolerance = 1e-7)
    {
        for (int k = 0; k < analytic.Length; k++)
        {
            double allowed = tolerance * Math.Max(1, Math.Abs(analytic[k]));
            double error = Math.Abs(analytic[k] - numeric[k]);
            Assert.True(error <= allowed, $"{Model.Name}: {what}[{k}] analytic {analytic[k]:R} vs numeric {numeric[k]:R} (error {error:E2} > {allowed:E2})");
        }
    }

    /// <summary>The class loss's gradient with respect to θ against finite differences of its value.</summary>
    public void AssertClassGradient<TLoss>(double tolerance = 1e-7) where TLoss : IClassLoss
    {
        var analytic = new double[Model.ParameterCount];
        double loss = Model.Gradient<TLoss>(X, Label, analytic);
        Assert.Equal(TLoss.Value(Scores(X), Label), loss, 12);
        AssertClose(analytic, Numeric(Model.Parameters, s => TLoss.Value(s, Label)), "∂L/∂θ", tolerance);
    }

    /// <summary>The vector loss's gradient with respect to θ against finite differences of its value.</summary>
    public void AssertVectorGradient<TLoss>(double tolerance = 1e-7) where TLoss : IVectorLoss
    {
        var analytic = new double[Model.ParameterCount];
        double loss = Model.Gradient<TLoss>(X, Target, analytic);
        Assert.Equal(TLoss.Value(Scores(X), Target), loss, 12);
        AssertClose(analytic, Numeric(Model.Parameters, s => TLoss.Value(s, Target)), "∂L/∂θ", tolerance);
    }
}
