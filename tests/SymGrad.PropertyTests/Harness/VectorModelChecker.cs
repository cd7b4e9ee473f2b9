using System.Reflection;
using CsCheck;
using SymGrad.PropertyTests.Generation;

namespace SymGrad.PropertyTests.Harness;

/// <summary>
/// The properties every generated vector model must have, as <see cref="ModelChecker"/> checks them for scalar ones:
/// Forward's K scores equal running the [Model] method itself (and Predict their argmax), Gradient&lt;TLoss&gt; equals
/// finite differences of the loss of Forward, neither allocates after warm-up, and the minibatch methods equal the
/// per-example ones (ForwardBatch gives Forward's scores; GradientBatch, for a class loss, the sum of the per-example
/// gradients and losses) without allocating. A generated class loss is first
/// checked itself: Value equals its method, Derivative equals finite differences in the scores. Returns why not, or null.
/// </summary>
public static class VectorModelChecker
{
    private const int LossPoints = 4;

    public static string? Check(Type container, string method, string? lossMethod, VectorModelSpec spec, int? expectedInputLength, PCG random)
    {
        int k = spec.OutputDim.Size;
        var (created, why) = ModelChecker.Create(container, method, spec.NamedDims);
        if (created is not IVectorModel model) return why ?? $"{method}Model is not an IVectorModel";
        if (model.OutputLength != k) return $"OutputLength {model.OutputLength}, expected K = {k}";
        if (expectedInputLength is { } expected && model.InputLength != expected) return $"InputLength {model.InputLength}, expected {expected}";

        var theta = model.Parameters;
        for (int i = 0; i < theta.Length; i++) theta[i] = Uniform(random);
        var x = new double[model.InputLength];
        for (int i = 0; i < x.Length; i++) x[i] = Uniform(random);
        int label = (int)random.Next((uint)k);

        VectorLoss loss;
        Type? classLoss = null; // the loss GradientBatch takes (labels), when it is one
        switch (spec.LossKind)
        {
            case VectorLossKind.SoftmaxCrossEntropy: loss = VectorLoss.ForLabel(classLoss = typeof(SoftmaxCrossEntropy), label); break;
            case VectorLossKind.MulticlassHinge: loss = VectorLoss.ForLabel(classLoss = typeof(MulticlassHinge), label); break;
            case VectorLossKind.VectorSquaredLoss:
                var target = new double[k];
                for (int i = 0; i < k; i++) target[i] = Uniform(random);
                loss = VectorLoss.ForTarget(typeof(VectorSquaredLoss), target);
                break;
            default:
                var lossType = lossMethod is null ? null : container.GetNestedType(lossMethod + "Loss");
                if (lossType is null) return $"no struct {lossMethod}Loss was generated";
                if (!typeof(IClassLoss).IsAssignableFrom(lossType)) return $"{lossType.Name} is not an IClassLoss";
                if (CheckLoss(lossType, container.GetMethod(lossMethod!)!, k, random) is { } lossFailure) return lossFailure;
                loss = VectorLoss.ForLabel(classLoss = lossType, label);
                break;
        }

        return Forward(model, container.GetMethod(method)!, x)
            ?? Gradient(model, x, loss)
            ?? Factored(model, x, label, classLoss)
            ?? Allocation(model, x, loss)
            ?? Batched(model, classLoss, random);
    }

    /// <summary>A classifier with factored blocks: its GradientFactored against Gradient with the class loss, bit for bit (<see cref="ModelChecker.Factored(IParameterized, IFactoredBlocks, Func{double[], double}, Func{double[], double[], double})"/>).</summary>
    private static string? Factored(IVectorModel model, double[] x, int label, Type? classLoss)
    {
        if (classLoss is null || model is not IFactoredClassGradient<double> factored) return null;
        var gradient = VectorLoss.ClassGradient(classLoss);
        var gradientFactored = VectorLoss.ClassGradientFactored(classLoss);
        return ModelChecker.Factored(model, factored, g => gradient(model, x, label, g), (g, f) => gradientFactored(factored, x, label, g, f));
    }

    /// <summary>A generated class loss: Value equals the [Loss] method, Derivative equals finite differences, at random scores and labels.</summary>
    private static string? CheckLoss(Type lossType, MethodInfo method, int k, PCG random)
    {
        var derivative = VectorLoss.ClassDerivative(lossType);
        for (int point = 0; point < LossPoints; point++)
        {
            var s = new double[k];
            for (int i = 0; i < k; i++) s[i] = ModelBuilder.ScoreRange.Hi * Uniform(random);
            int y = (int)random.Next((uint)k);
            var loss = VectorLoss.ForLabel(lossType, y);
            double expected = (double)method.Invoke(null, new object[] { new Vec(s), y })!;
            if (!double.IsFinite(expected)) return $"the [Loss] method gives {expected} at y = {y}: the generator of cases let a domain slip";
            double value = loss.Value(s);
            if (!(Math.Abs(value - expected) <= ModelChecker.ForwardTolerance * Math.Max(1, Math.Abs(expected))))
                return $"{lossType.Name}.Value(s, {y}) = {value:R} but the [Loss] method gives {expected:R}";
            var seed = new double[k];
            derivative(s, y, seed);
            for (int i = 0; i < k; i++)
            {
                int entry = i;
                double numeric = FiniteDifferences.Richardson(h =>
                {
                    var shifted = (double[])s.Clone();
                    shifted[entry] += h;
                    return loss.Value(shifted);
                });
                if (!(Math.Abs(seed[i] - numeric) <= ModelChecker.GradientTolerance * Math.Max(1, Math.Abs(seed[i]))))
                    return $"{lossType.Name}.Derivative(s, {y})[{i}] = {seed[i]:R}, finite differences {numeric:R}";
            }
        }
        return null;
    }

    private static string? Forward(IVectorModel model, MethodInfo method, double[] x)
    {
        Vec expected;
        try
        {
            expected = (Vec)method.Invoke(null, ModelChecker.ReferenceArguments(model, method, x))!;
        }
        catch (TargetInvocationException e)
        {
            return "the [Model] method itself threw " + e.InnerException;
        }
        if (expected.Length != model.OutputLength) return $"the [Model] method returns {expected.Length} scores, the model {model.OutputLength}";
        var actual = new double[model.OutputLength];
        model.Forward(x, actual);
        int argmax = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (!double.IsFinite(expected[i])) return $"the reference score {i} is not finite ({expected[i]}): the generator of cases let a domain slip";
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= ModelChecker.ForwardTolerance * Math.Max(1, Math.Abs(expected[i]))))
                return $"Forward's score {i} is {actual[i]:R} but the [Model] method gives {expected[i]:R} (error {error:E2})";
            if (expected[i] > expected[argmax]) argmax = i;
        }
        int predicted = model.Predict(x);
        return predicted == argmax ? null : $"Predict gives class {predicted}, the argmax of the [Model] method's scores is {argmax}";
    }

    private static string? Gradient(IVectorModel model, double[] x, VectorLoss loss)
    {
        var analytic = new double[model.ParameterCount];
        double value = loss.Gradient(model, x, analytic);
        var scores = new double[model.OutputLength];
        model.Forward(x, scores);
        double expectedValue = loss.Value(scores);
        if (!(Math.Abs(value - expectedValue) <= ModelChecker.ForwardTolerance * Math.Max(1, Math.Abs(expectedValue))))
            return $"Gradient<{loss.Name}> returned loss {value:R} but L(Forward(x), y) = {expectedValue:R}";
        int regime = loss.Regime(scores);

        var theta = model.Parameters;
        foreach (var block in model.Blocks)
            for (int k = block.Offset; k < block.Offset + block.Length; k++)
            {
                int index = k;
                double saved = theta[k];
                bool crossed = false;
                double numeric = FiniteDifferences.Richardson(h =>
                {
                    model.Parameters[index] = saved + h;
                    var s = new double[model.OutputLength];
                    model.Forward(x, s);
                    model.Parameters[index] = saved;
                    crossed |= loss.Regime(s) != regime;
                    return loss.Value(s);
                });
                if (crossed) continue; // the stencil straddles a kink of the loss: no derivative to compare with
                double allowed = ModelChecker.GradientTolerance * Math.Max(1, Math.Abs(analytic[k]));
                double error = Math.Abs(analytic[k] - numeric);
                if (!(error <= allowed))
                    return $"∂L/∂{block.Name}[{k - block.Offset}] with {loss.Name}: generated {analytic[k]:R}, finite differences {numeric:R} (error {error:E2} > {allowed:E2})";
            }
        return null;
    }

    private static string? Allocation(IVectorModel model, double[] x, VectorLoss loss)
    {
        var gradient = new double[model.ParameterCount];
        var scores = new double[model.OutputLength];
        var gradientOf = loss.Gradient;
        return ModelChecker.Allocation(() =>
        {
            model.Forward(x, scores);
            return scores[0] + gradientOf(model, x, gradient);
        });
    }

    /// <summary>
    /// ForwardBatch over B = 7 random examples against Forward, each score within 1e-12 of max(1, |score|); for a class
    /// loss, GradientBatch against the sum of 7 Gradient calls as <see cref="ModelChecker.BatchSums"/> bounds it, and the
    /// loss sum within 1e-12 of 1 + Σ|loss|. Then no allocation.
    /// </summary>
    private static string? Batched(IVectorModel model, Type? classLoss, PCG random)
    {
        const int count = 7;
        int d = model.InputLength, k = model.OutputLength;
        var xs = new double[count * d];
        for (int i = 0; i < xs.Length; i++) xs[i] = Uniform(random);
        var labels = new int[count];
        for (int r = 0; r < count; r++) labels[r] = (int)random.Next((uint)k);

        var scores = new double[count * k];
        model.ForwardBatch(xs, scores);
        var one = new double[k];
        for (int r = 0; r < count; r++)
        {
            model.Forward(xs.AsSpan(r * d, d), one);
            for (int i = 0; i < k; i++)
                if (!(Math.Abs(scores[r * k + i] - one[i]) <= ModelChecker.ForwardTolerance * Math.Max(1, Math.Abs(one[i]))))
                    return $"ForwardBatch gives example {r} the score {i} = {scores[r * k + i]:R} but Forward gives {one[i]:R}";
        }
        if (classLoss is null)
            return ModelChecker.Allocation(() => { model.ForwardBatch(xs, scores); return scores[0]; }, "ForwardBatch");

        var gradientOf = VectorLoss.ClassGradient(classLoss);
        var expected = new double[model.ParameterCount];
        var magnitude = new double[model.ParameterCount];
        var single = new double[model.ParameterCount];
        double expectedLoss = 0, lossScale = 1;
        for (int r = 0; r < count; r++)
        {
            Array.Clear(single);
            double l = gradientOf(model, xs.AsSpan(r * d, d).ToArray(), labels[r], single);
            expectedLoss += l;
            lossScale += Math.Abs(l);
            for (int i = 0; i < single.Length; i++) { expected[i] += single[i]; magnitude[i] += Math.Abs(single[i]); }
        }
        var gradientBatch = VectorLoss.ClassBatch(classLoss);
        var batched = new double[model.ParameterCount];
        double batchedLoss = gradientBatch(model, xs, labels, batched);
        if (!(Math.Abs(batchedLoss - expectedLoss) <= ModelChecker.ForwardTolerance * lossScale))
            return $"GradientBatch<{classLoss.Name}> returned the loss {batchedLoss:R} but the per-example losses sum to {expectedLoss:R}";
        return ModelChecker.BatchSums(model.Blocks, batched, expected, magnitude)
            ?? BatchFactored(model, xs, labels, classLoss)
            ?? ModelChecker.Allocation(() =>
            {
                model.ForwardBatch(xs, scores);
                return scores[0] + gradientBatch(model, xs, labels, batched);
            }, "ForwardBatch + GradientBatch");
    }

    /// <summary>A classifier whose minibatch gradient keeps its factors: GradientBatchFactored against GradientBatch, bit for bit (<see cref="ModelChecker.BatchFactored"/>).</summary>
    private static string? BatchFactored(IVectorModel model, double[] xs, int[] labels, Type classLoss)
    {
        if (model is not IFactoredClassBatchGradient<double> factored) return null;
        var (batch, batchFactored) = (VectorLoss.ClassBatch(classLoss), VectorLoss.ClassBatchFactored(classLoss));
        return ModelChecker.BatchFactored(model, factored, xs, labels.Length, g => batch(model, xs, labels, g), (g, f) => batchFactored(factored, xs, labels, g, f));
    }

    private static double Uniform(PCG random) => 2.0 * random.Next() / uint.MaxValue - 1;
}
