using System.ComponentModel;
using System.Numerics.Tensors;

namespace SymGrad;

/// <summary>
/// Evaluates the runtime's double losses on a float32 vector model's float scores: what the generated code of a
/// <c>[Model(Precision = Precision.Float32)]</c> method returning a <c>Vec</c> calls where a float64 model calls
/// <c>TLoss</c> itself. The K scores (and a target vector) are widened to double, exactly; the loss runs in double, as it
/// does for every model; its derivative ∂L/∂s is rounded back to float. So every loss, the runtime's and a
/// <c>[Loss]</c> method's, is written once, in double, and a float32 model pays 2K conversions per example, small against
/// its matrix products. Allocates nothing up to <see cref="Workspace.StackLimit"/> values. Not meant to be used by user code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WideningLoss
{
    /// <summary><c>L(s, y)</c> of the float scores <paramref name="scores"/> against the class <paramref name="y"/>, in double.</summary>
    public static double Value<TLoss>(ReadOnlySpan<float> scores, int y) where TLoss : IClassLoss
    {
        int k = scores.Length;
        Span<double> wide = k <= Workspace.StackLimit ? stackalloc double[k] : Workspace<Scratch, double>.ForThread(k);
        return TLoss.Value(Widen(scores, wide), y);
    }

    /// <summary>Writes ∂L/∂s, computed in double and rounded to float, into <paramref name="seed"/>.</summary>
    public static void Derivative<TLoss>(ReadOnlySpan<float> scores, int y, Span<float> seed) where TLoss : IClassLoss
    {
        int k = scores.Length;
        Span<double> wide = 2 * k <= Workspace.StackLimit ? stackalloc double[2 * k] : Workspace<Scratch, double>.ForThread(2 * k);
        var seedWide = wide.Slice(k, k);
        TLoss.Derivative(Widen(scores, wide[..k]), y, seedWide);
        TensorPrimitives.ConvertTruncating<double, float>(seedWide, seed);
    }

    /// <summary><c>L(s, y)</c> of the float scores against a class label or a float target vector, in double.</summary>
    public static double Value<TLoss>(ReadOnlySpan<float> scores, ScoreTarget<float> y) where TLoss : IScoreLoss
    {
        int k = scores.Length, t = y.Values.Length;
        Span<double> wide = k + t <= Workspace.StackLimit ? stackalloc double[k + t] : Workspace<Scratch, double>.ForThread(k + t);
        return TLoss.Value(Widen(scores, wide[..k]), new ScoreTarget<double>(y.Label, Widen(y.Values, wide.Slice(k, t))));
    }

    /// <summary>Writes ∂L/∂s against a class label or a float target vector, computed in double and rounded to float, into <paramref name="seed"/>.</summary>
    public static void Derivative<TLoss>(ReadOnlySpan<float> scores, ScoreTarget<float> y, Span<float> seed) where TLoss : IScoreLoss
    {
        int k = scores.Length, t = y.Values.Length;
        Span<double> wide = 2 * k + t <= Workspace.StackLimit ? stackalloc double[2 * k + t] : Workspace<Scratch, double>.ForThread(2 * k + t);
        var seedWide = wide.Slice(k + t, k);
        TLoss.Derivative(Widen(scores, wide[..k]), new ScoreTarget<double>(y.Label, Widen(y.Values, wide.Slice(k, t))), seedWide);
        TensorPrimitives.ConvertTruncating<double, float>(seedWide, seed);
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/>, every float widened exactly.</summary>
    private static ReadOnlySpan<double> Widen(ReadOnlySpan<float> source, Span<double> target)
    {
        TensorPrimitives.ConvertTruncating<float, double>(source, target);
        return target;
    }

    /// <summary>The key of this class's per-thread scratch (more than <see cref="Workspace.StackLimit"/> scores).</summary>
    private sealed class Scratch;
}
