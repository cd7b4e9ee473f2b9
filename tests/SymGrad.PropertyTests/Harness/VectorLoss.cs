using System.Reflection;

namespace SymGrad.PropertyTests.Harness;

/// <summary>
/// A vector loss bound to one target (a class label, or a target vector), as delegates built once, so that the checks
/// call <c>Gradient&lt;TLoss&gt;</c> for a type known only at run time without reflection or allocation per call.
/// </summary>
/// <param name="Name">The loss type's name.</param>
/// <param name="Value">L(s, y) of the scores s.</param>
/// <param name="Gradient">The model's Gradient&lt;TLoss&gt;(x, y, g).</param>
/// <param name="Regime">
/// Which piece of a piecewise loss the scores fall in (the multi-class hinge: the rival class, or −1 where the margin
/// holds); finite differences whose stencil crosses into another piece say nothing about the derivative. 0 for smooth losses.
/// </param>
public sealed record VectorLoss(string Name, Func<double[], double> Value, Func<IVectorModel, double[], double[], double> Gradient, Func<double[], int> Regime)
{
    /// <summary>An IClassLoss against the label <paramref name="y"/>.</summary>
    public static VectorLoss ForLabel(Type loss, int y)
    {
        var probe = typeof(ClassProbe<>).MakeGenericType(loss);
        var value = Bind<Func<double[], int, double>>(probe, nameof(ClassProbe<SoftmaxCrossEntropy>.Value));
        var gradient = ClassGradient(loss);
        Func<double[], int> regime = loss == typeof(MulticlassHinge) ? s => HingeRegime(s, y) : _ => 0;
        return new(loss.Name, s => value(s, y), (m, x, g) => gradient(m, x, y, g), regime);
    }

    /// <summary>An IVectorLoss against the target vector <paramref name="y"/>.</summary>
    public static VectorLoss ForTarget(Type loss, double[] y)
    {
        var probe = typeof(TargetProbe<>).MakeGenericType(loss);
        var value = Bind<Func<double[], double[], double>>(probe, nameof(TargetProbe<VectorSquaredLoss>.Value));
        var gradient = Bind<Func<IVectorModel, double[], double[], double[], double>>(probe, nameof(TargetProbe<VectorSquaredLoss>.Gradient));
        return new(loss.Name, s => value(s, y), (m, x, g) => gradient(m, x, y, g), _ => 0);
    }

    /// <summary>The model's GradientBatch&lt;TLoss&gt;(inputs, labels, g) for the IClassLoss <paramref name="loss"/>.</summary>
    public static Func<IVectorModel, double[], int[], double[], double> ClassBatch(Type loss) =>
        Bind<Func<IVectorModel, double[], int[], double[], double>>(typeof(ClassProbe<>).MakeGenericType(loss), nameof(ClassProbe<SoftmaxCrossEntropy>.Batch));

    /// <summary>The model's Gradient&lt;TLoss&gt;(x, label, g) for the IClassLoss <paramref name="loss"/>, the label an argument.</summary>
    public static Func<IVectorModel, double[], int, double[], double> ClassGradient(Type loss) =>
        Bind<Func<IVectorModel, double[], int, double[], double>>(typeof(ClassProbe<>).MakeGenericType(loss), nameof(ClassProbe<SoftmaxCrossEntropy>.Gradient));

    /// <summary>The model's GradientFactored&lt;TLoss&gt;(x, label, g, factors) for the IClassLoss <paramref name="loss"/>.</summary>
    public static Func<IFactoredClassGradient<double>, double[], int, double[], double[], double> ClassGradientFactored(Type loss) =>
        Bind<Func<IFactoredClassGradient<double>, double[], int, double[], double[], double>>(typeof(ClassProbe<>).MakeGenericType(loss), nameof(ClassProbe<SoftmaxCrossEntropy>.GradientFactored));

    public static Func<IFactoredClassBatchGradient<double>, double[], int[], double[], double[], double> ClassBatchFactored(Type loss) =>
        Bind<Func<IFactoredClassBatchGradient<double>, double[], int[], double[], double[], double>>(typeof(ClassProbe<>).MakeGenericType(loss), nameof(ClassProbe<SoftmaxCrossEntropy>.BatchFactored));

    /// <summary>IClassLoss.Derivative of <paramref name="loss"/>: writes ∂L/∂s at (s, y) into the seed.</summary>
    public static Action<double[], int, double[]> ClassDerivative(Type loss) =>
        Bind<Action<double[], int, double[]>>(typeof(ClassProbe<>).MakeGenericType(loss), nameof(ClassProbe<SoftmaxCrossEntropy>.Derivative));

    /// <summary>The multi-class hinge's piece: the rival class (lowest index on a tie) while the margin is violated, else −1.</summary>
    private static int HingeRegime(double[] s, int y)
    {
        int rival = -1;
        for (int k = 0; k < s.Length; k++)
            if (k != y && (rival < 0 || s[k] > s[rival])) rival = k;
        return rival >= 0 && 1 + s[rival] - s[y] > 0 ? rival : -1;
    }

    private static T Bind<T>(Type probe, string name) where T : Delegate =>
        probe.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<T>();

    private static class ClassProbe<TLoss> where TLoss : IClassLoss
    {
        public static double Value(double[] s, int y) => TLoss.Value(s, y);

        public static void Derivative(double[] s, int y, double[] seed) => TLoss.Derivative(s, y, seed);

        public static double Gradient(IVectorModel model, double[] x, int y, double[] gradient) => model.Gradient<TLoss>(x, y, gradient);

        public static double Batch(IVectorModel model, double[] inputs, int[] labels, double[] gradient) => model.GradientBatch<TLoss>(inputs, labels, gradient);

        public static double GradientFactored(IFactoredClassGradient<double> model, double[] x, int y, double[] gradient, double[] factors) =>
            model.GradientFactored<TLoss>(x, y, gradient, factors);

        public static double BatchFactored(IFactoredClassBatchGradient<double> model, double[] inputs, int[] labels, double[] gradient, double[] factors) =>
            model.GradientBatchFactored<TLoss>(inputs, labels, gradient, factors);
    }

    private static class TargetProbe<TLoss> where TLoss : IVectorLoss
    {
        public static double Value(double[] s, double[] y) => TLoss.Value(s, y);

        public static double Gradient(IVectorModel model, double[] x, double[] y, double[] gradient) => model.Gradient<TLoss>(x, y, gradient);
    }
}
