namespace SymGrad.Tests.Support;

/// <summary>Central finite differences of a model's squared loss with respect to θ, in double precision.</summary>
public static class FiniteDifferences
{
    /// <summary>
    /// ∂L/∂θ_k by central differences with Richardson extrapolation, (4·D(h/2) − D(h))/3 where
    /// D(h) = (L(θ + h e_k) − L(θ − h e_k))/2h: its error is O(h⁴), so h can be large enough (1e-4·max(1, |θ_k|))
    /// that rounding stays near 1e-12·|L| while steep directions (an RBF width against a distance of 30) stay accurate. θ is restored afterwards.
    /// </summary>
    public static double[] Gradient<TLoss>(IModel model, ReadOnlySpan<double> x, double y) where TLoss : ILoss
    {
        var theta = model.Parameters;
        var result = new double[theta.Length];
        for (int k = 0; k < theta.Length; k++)
        {
            double saved = theta[k];
            double h = 1e-4 * Math.Max(1, Math.Abs(saved));
            double Central(IModel m, ReadOnlySpan<double> input, double step)
            {
                var t = m.Parameters;
                t[k] = saved + step;
                double plus = TLoss.Value(m.Forward(input), y);
                t[k] = saved - step;
                double minus = TLoss.Value(m.Forward(input), y);
                t[k] = saved;
                return (plus - minus) / (2 * step);
            }
            result[k] = (4 * Central(model, x, h / 2) - Central(model, x, h)) / 3;
        }
        return result;
    }

    /// <summary>
    /// Asserts every component of the generated gradient is within <paramref name="tolerance"/>·max(1, |analytic|)
    /// of the numeric one, naming the block and index of the first that is not.
    /// </summary>
    public static void AssertGradientMatches(IModel model, double[] x, double y, double tolerance = 1e-7) =>
        AssertGradientMatches<SquaredLoss>(model, x, y, tolerance);

    /// <summary>As <see cref="AssertGradientMatches(IModel, double[], double, double)"/>, for the loss <typeparamref name="TLoss"/>.</summary>
    public static void AssertGradientMatches<TLoss>(IModel model, double[] x, double y, double tolerance = 1e-7) where TLoss : ILoss
    {
        var analytic = new double[model.ParameterCount];
        model.Gradient<TLoss>(x, y, analytic);
        var numeric = Gradient<TLoss>(model, x, y);
        foreach (var block in model.Blocks)
            for (int k = block.Offset; k < block.Offset + block.Length; k++)
            {
                double allowed = tolerance * Math.Max(1, Math.Abs(analytic[k]));
                double error = Math.Abs(analytic[k] - numeric[k]);
                Assert.True(error <= allowed,
                    $"{model.Name}: ∂L/∂{block.Name}[{k - block.Offset}] analytic {analytic[k]:R} vs numeric {numeric[k]:R} (error {error:E2} > {allowed:E2})");
            }
    }

    /// <summary>A seeded vector of standard normal draws.</summary>
    public static double[] RandomVector(Random random, int length, double scale = 1.0)
    {
        var v = new double[length];
        for (int i = 0; i < length; i++) v[i] = scale * (2 * random.NextDouble() - 1);
        return v;
    }
}
