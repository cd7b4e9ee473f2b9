using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SymGrad;

/// <summary>
/// The inner loops that generated <c>Forward</c> and <c>Gradient</c> methods call for matrix rows.
/// Short rows use a plain loop (a call into SIMD code costs more than it saves there); longer rows
/// use <see cref="TensorPrimitives"/>. Not meant to be called by user code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Kernels
{
    // Short rows (D = 2 in the lecture's examples) stay in a scalar loop the JIT can inline; 16 is a round guess, not tuned.
    private const int SimdThreshold = 16;

    /// <summary><c>Σᵢ a[i]·b[i]</c>; <paramref name="b"/> must be at least as long as <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length >= SimdThreshold) return LongDot(a, b);
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary><c>dst[i] += s·src[i]</c> for every i (an axpy); nothing at all when s is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(Span<double> dst, double s, ReadOnlySpan<double> src)
    {
        // A zero scale adds nothing, even where src is not finite (a conditional's unchosen branch).
        if (s == 0) return;
        if (dst.Length >= SimdThreshold) { LongAddScaled(dst, s, src); return; }
        for (int i = 0; i < dst.Length; i++) dst[i] += s * src[i];
    }

    // The vectorised paths stay out of line: inlined into every row of a generated method they would add code and
    // live registers that the short rows, which never take them, pay for.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double LongDot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TensorPrimitives.Dot(a, b[..a.Length]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LongAddScaled(Span<double> dst, double s, ReadOnlySpan<double> src) =>
        TensorPrimitives.MultiplyAdd(src[..dst.Length], s, dst, dst);

    /// <summary><c>Σᵢ (a[i] − b[i])²</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SqDist(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length >= SimdThreshold && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return LongSqDist(a, b);
        double s = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; s += d * d; }
        return s;
    }

    /// <summary><c>a²</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Square(double a) => a * a;

    /// <summary>The logistic sigmoid <c>1 / (1 + e^(−a))</c>, as <see cref="Ops.Sigmoid(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));

    /// <summary><c>max(0, a)</c>, as <see cref="Ops.Relu(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Relu(double a) => a > 0 ? a : 0.0;

    /// <summary>Relu's derivative: 1 for a &gt; 0, else 0 (the subgradient chosen at 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double a) => a > 0 ? 1.0 : 0.0;

    /// <summary>
    /// <c>a·b</c>, but 0 when either factor is 0, even if the other is NaN or infinite: the backward pass's product of an
    /// adjoint that a conditional masked to 0 with a value of the branch it did not choose, which may not be finite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaskedProduct(double a, double b) => a == 0 || b == 0 ? 0.0 : a * b;

    /// <summary><c>a / b</c>, but 0 when <paramref name="a"/> is 0, even if b is 0, NaN or infinite (see <see cref="MaskedProduct"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaskedQuotient(double a, double b) => a == 0 ? 0.0 : a / b;

    /// <summary>As <see cref="Ops.Sign(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sign(double a) => Ops.Sign(a);

    /// <summary>
    /// The lecture's classifier <c>sign(f(x))</c> for a model's <c>Predict</c>: 1, −1, or 0 on the boundary. A NaN score
    /// has no class, so it throws rather than pass for the boundary: an <see cref="ArgumentException"/> naming the
    /// entry of <paramref name="x"/> that is not finite, or, for a finite input, an <see cref="InvalidOperationException"/>
    /// (θ holds NaN or the computation overflowed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Classify(double score, ReadOnlySpan<double> x, string argument)
    {
        if (score > 0) return 1.0;
        if (score < 0) return -1.0;
        if (score == 0) return 0.0;
        ThrowNoClass(x, argument);
        return score;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNoClass(ReadOnlySpan<double> x, string argument)
    {
        for (int i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i]))
                throw new ArgumentException($"The input holds {x[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} at index {i}, so f(x) is NaN and there is no class to predict.", argument);
        throw new InvalidOperationException("f(x) is NaN for a finite input: the model's parameters hold NaN or infinity, or the computation overflowed.");
    }

    /// <summary>Throws unless a span has the length a model expects; named after the caller's argument.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckLength(int actual, int expected, string argument, string what)
    {
        if (actual != expected) ThrowWrongLength(actual, expected, argument, what);
    }

    /// <summary><c>dst[i] += s·(a[i] − b[i])</c> for every i: one pass for W̄[h] += 2b̄[h](W[h] − x); nothing when s is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaledDifference(Span<double> dst, double s, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (s == 0) return;
        if (dst.Length >= SimdThreshold && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) { LongAddScaledDifference(dst, s, a, b); return; }
        a = a[..dst.Length];
        b = b[..dst.Length];
        for (int i = 0; i < dst.Length; i++) dst[i] += s * (a[i] - b[i]);
    }

    // Kept out of line: an inlined throw with its interpolated message makes every generated method's frame
    // bigger and spends the JIT's inlining budget, which then leaves the per-row kernels as real calls.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWrongLength(int actual, int expected, string argument, string what) =>
        throw new ArgumentException($"{what} must have length {expected}, but has length {actual}.", argument);
}
