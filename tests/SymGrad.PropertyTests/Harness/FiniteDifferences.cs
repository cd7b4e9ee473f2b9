namespace SymGrad.PropertyTests.Harness;

/// <summary>Numeric ∂L/∂θ of a model's squared loss, to compare the generated gradient against.</summary>
public static class FiniteDifferences
{
    // Richardson-extrapolated central differences, (4·D(h/2) − D(h)) / 3: truncation error O(h⁴) ≈ 1e-12
    // and round-off ≈ 1e-16·L/h ≈ 1e-13·L, both far below the 1e-6 tolerance. Plain central differences
    // with h = 1e-6 would spend most of that tolerance on round-off alone.
    private const double Step = 1e-3;

    public static double[] Gradient(IModel model, ReadOnlySpan<double> x, double y)
    {
        var theta = model.Parameters;
        var result = new double[theta.Length];
        for (int k = 0; k < theta.Length; k++)
        {
            double coarse = Central(model, x, y, k, Step);
            double fine = Central(model, x, y, k, Step / 2);
            result[k] = (4 * fine - coarse) / 3;
        }
        return result;
    }

    private static double Central(IModel model, ReadOnlySpan<double> x, double y, int k, double h)
    {
        var theta = model.Parameters;
        double saved = theta[k];
        theta[k] = saved + h;
        double plus = SquaredLoss.Value(model.Forward(x), y);
        theta[k] = saved - h;
        double minus = SquaredLoss.Value(model.Forward(x), y);
        theta[k] = saved;
        return (plus - minus) / (2 * h);
    }
}
