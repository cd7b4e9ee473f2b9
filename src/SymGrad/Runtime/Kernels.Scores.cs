using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SymGrad;

// The kernels of vector-valued models: score vectors, class labels and the stable softmax family.
public static partial class Kernels
{
    /// <summary>
    /// <c>log Σᵢ e^(a[i])</c>, computed as <c>m + log Σᵢ e^(a[i] − m)</c> with m = max(a), so no exponential overflows:
    /// finite for any finite scores, ±1e300 included. NaN if an entry is NaN; −∞ for an empty span.
    /// </summary>
    public static T LogSumExp<T>(ReadOnlySpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length == 0) return T.NegativeInfinity;
        T m = a[0];
        for (int i = 1; i < a.Length; i++) if (a[i] > m || T.IsNaN(a[i])) m = a[i];
        if (T.IsNaN(m) || T.IsInfinity(m)) return m;
        T s = T.Zero;
        for (int i = 0; i < a.Length; i++) s += T.Exp(a[i] - m);
        return m + T.Log(s);
    }

    /// <summary>
    /// Writes <c>softmax(a)ᵢ = e^(a[i] − m) / Σⱼ e^(a[j] − m)</c> (m = max(a), so nothing overflows) into
    /// <paramref name="result"/>, which may be <paramref name="a"/> itself.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> is not as long as <paramref name="a"/>; nothing has been written.</exception>
    public static void Softmax<T>(ReadOnlySpan<T> a, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLength(result.Length, a.Length, nameof(result), "The result");
        T lse = LogSumExp(a);
        for (int i = 0; i < result.Length; i++) result[i] = T.Exp(a[i] - lse);
    }

    /// <summary>
    /// The index of the highest score, the lowest index on a tie (a vector model's <c>Predict</c>). A NaN score means no
    /// class: it throws an <see cref="ArgumentException"/> naming the entry of <paramref name="x"/> that is not finite, or,
    /// for a finite input, an <see cref="InvalidOperationException"/>.
    /// </summary>
    public static int ArgMax<T>(ReadOnlySpan<T> scores, ReadOnlySpan<T> x, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int k = 0; k < scores.Length; k++)
        {
            if (T.IsNaN(scores[k])) ThrowNoClass(x, argument);
            if (scores[k] > scores[best]) best = k;
        }
        return best;
    }

    /// <summary>Throws unless <paramref name="label"/> is a class of a model with <paramref name="classes"/> scores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckLabel(int label, int classes, string argument)
    {
        if ((uint)label >= (uint)classes) ThrowBadLabel(label, classes, argument);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadLabel(int label, int classes, string argument) =>
        throw new ArgumentOutOfRangeException(argument, label,
            string.Create(CultureInfo.InvariantCulture, $"The class label must lie in 0..{classes - 1} (the model has {classes} scores), but is {label}."));

    /// <summary>As <see cref="Ops.Max(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => T.IsNaN(a) || T.IsNaN(b) ? T.NaN : a >= b ? a : b;

    /// <summary>As <see cref="Ops.Min(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => T.IsNaN(a) || T.IsNaN(b) ? T.NaN : a <= b ? a : b;
}
