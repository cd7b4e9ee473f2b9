namespace SymGrad.PropertyTests.Harness;

/// <summary>Numeric derivatives to compare generated ones against: ∂L/∂θ of a model's loss, and ∂L/∂g of a loss.</summary>
public static class FiniteDifferences
{
    // Richardson-extrapolated central differences, (4·D(h/2) − D(h)) / 3: truncation error O(h⁴) ≈ 1e-12
    // and round-off ≈ 1e-16·L/h ≈ 1e-13·L, both far below the 1e-6 tolerance. Plain central differences
    // with h = 1e-6 would spend most of that tolerance on round-off alone.
    private const double Step = 1e-3;

    public static double[] Gradient(IModel model, ReadOnlySpan<double> x, double y, Func<double, double, double> loss)
    {
        var theta = model.Parameters;
        var result = new double[theta.Length];
        double[] input = x.ToArray();
        for (int k = 0; k < theta.Length; k++)
        {
            int index = k;
            double saved = theta[k];
            result[k] = Richardson(h =>
            {
                model.Parameters[index] = saved + h;
                double value = loss(model.Forward(input), y);
                model.Parameters[index] = saved;
                return value;
            });
        }
        return result;
    }

    /// <summary>d/dt f(t) at t = 0.</summary>
    public static double Richardson(Func<double, double> f)
    {
        double coarse = (f(Step) - f(-Step)) / (2 * Step);
        double fine = (f(Step / 2) - f(-Step / 2)) / Step;
        return (4 * fine - coarse) / 3;
    }
}
