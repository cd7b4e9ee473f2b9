using System.Reflection;

namespace SymGrad.PropertyTests.Harness;

/// <summary>
/// A loss type (SquaredLoss, or a struct generated from a [Loss] method in a loaded assembly) as delegates, so the
/// checks can call <c>Gradient&lt;TLoss&gt;</c> for a type known only at run time without reflection per call
/// (which would allocate and spoil the allocation check).
/// </summary>
public sealed record LossFunctions(
    string Name,
    Func<double, double, double> Value,
    Func<double, double, double> Derivative,
    Func<IModel, double[], double, double[], double> Gradient,
    Func<IModel, double[], double[], double[], double> GradientBatch,
    Func<IFactoredGradient, double[], double, double[], double[], double> GradientFactored,
    Func<IFactoredBatchGradient<double>, double[], double[], double[], double[], double> GradientBatchFactored)
{
    public static readonly LossFunctions Squared = For(typeof(SquaredLoss));

    public static LossFunctions For(Type loss)
    {
        var probe = typeof(Probe<>).MakeGenericType(loss);
        T Bind<T>(string name) where T : Delegate => probe.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<T>();
        return new(loss.Name,
            Bind<Func<double, double, double>>(nameof(Probe<SquaredLoss>.Value)),
            Bind<Func<double, double, double>>(nameof(Probe<SquaredLoss>.Derivative)),
            Bind<Func<IModel, double[], double, double[], double>>(nameof(Probe<SquaredLoss>.Gradient)),
            Bind<Func<IModel, double[], double[], double[], double>>(nameof(Probe<SquaredLoss>.GradientBatch)),
            Bind<Func<IFactoredGradient, double[], double, double[], double[], double>>(nameof(Probe<SquaredLoss>.GradientFactored)),
            Bind<Func<IFactoredBatchGradient<double>, double[], double[], double[], double[], double>>(nameof(Probe<SquaredLoss>.GradientBatchFactored)));
    }

    private static class Probe<TLoss> where TLoss : ILoss
    {
        public static double Value(double g, double y) => TLoss.Value(g, y);

        public static double Derivative(double g, double y) => TLoss.Derivative(g, y);

        public static double Gradient(IModel model, double[] x, double y, double[] gradient) => model.Gradient<TLoss>(x, y, gradient);

        public static double GradientBatch(IModel model, double[] xs, double[] ys, double[] gradient) => model.GradientBatch<TLoss>(xs, ys, gradient);

        public static double GradientFactored(IFactoredGradient model, double[] x, double y, double[] gradient, double[] factors) =>
            model.GradientFactored<TLoss>(x, y, gradient, factors);

        public static double GradientBatchFactored(IFactoredBatchGradient<double> model, double[] xs, double[] ys, double[] gradient, double[] factors) =>
            model.GradientBatchFactored<TLoss>(xs, ys, gradient, factors);
    }
}
