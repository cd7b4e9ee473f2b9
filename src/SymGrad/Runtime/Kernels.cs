using System.ComponentModel;
using System.Numerics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

/// <summary>
/// The inner loops that generated <c>Forward</c> and <c>Gradient</c> methods call for matrix rows and whole vectors.
/// Short rows use a plain loop the JIT inlines (a call into SIMD code costs more than it saves there); longer rows take
/// the kernels' own vector loops, and the activations over whole vectors <see cref="TensorPrimitives"/>. Not meant to be
/// called by user code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Kernels
{
    // Short rows (D = 2 in the lecture's examples) stay in a scalar loop the JIT can inline; 16 is a round guess, not tuned.
    private const int SimdThreshold = 16;

    /// <summary><c>Σᵢ a[i]·b[i]</c>; <paramref name="b"/> must be at least as long as <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length >= SimdThreshold) return LongDot(a, b);
        T s = T.Zero;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    // Generated code passes two workspace buffers (Span<T>) to Dot, SqDist and LogSumExp; before C# 14 a Span<T> does
    // not infer a ReadOnlySpan<T> parameter's T, and a user's project may compile with C# 12 (net8.0). These overloads
    // give both element types a non-generic target; they forward to the one generic implementation.

    /// <summary>As <see cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Dot<double>(a, b);

    /// <summary>As <see cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Dot<float>(a, b);

    /// <summary>As <see cref="SqDist{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SqDist(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => SqDist<double>(a, b);

    /// <summary>As <see cref="SqDist{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SqDist(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => SqDist<float>(a, b);

    /// <summary>As <see cref="LogSumExp{T}(ReadOnlySpan{T})"/>.</summary>
    public static double LogSumExp(ReadOnlySpan<double> a) => LogSumExp<double>(a);

    /// <summary>As <see cref="LogSumExp{T}(ReadOnlySpan{T})"/>.</summary>
    public static float LogSumExp(ReadOnlySpan<float> a) => LogSumExp<float>(a);

    /// <summary><c>dst[i] += s·src[i]</c> for every i (an axpy); nothing at all when s is 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="src"/> is shorter than <paramref name="dst"/>; nothing has been written.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled<T>(Span<T> dst, T s, ReadOnlySpan<T> src) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A zero scale adds nothing, even where src is not finite (a conditional's unchosen branch).
        if (s == T.Zero) return;
        if (dst.Length >= SimdThreshold) { LongAddScaled(dst, s, src); return; }
        // Cut to dst's length before the loop: a short src throws here, before anything is written, and the loop's reads
        // of src need no bounds checks (a separate length check with its own throw made moons' Gradient 8 % slower).
        src = src[..dst.Length];
        for (int i = 0; i < dst.Length; i++) dst[i] += s * src[i];
    }

    // The vectorised paths stay out of line: inlined into every row of a generated method they would add code and
    // live registers that the short rows, which never take them, pay for.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T LongDot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Dot(a, b[..a.Length]);

    // One call per row and no more: the backward pass calls this once or twice per row of every weight matrix (deep: 320
    // rows of 64), where TensorPrimitives.MultiplyAdd's own dispatch and checks were a second call per row. The product
    // and the sum are rounded separately, as that call and the short loop do, so the bits are the same.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LongAddScaled<T>(Span<T> dst, T s, ReadOnlySpan<T> src) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = dst.Length, i = 0;
        src = src[..n];
        ref T d0 = ref MemoryMarshal.GetReference(dst);
        ref T s0 = ref MemoryMarshal.GetReference(src);
        // On rows longer than eight 512-bit vectors (as TensorPrimitives does), entries one at a time up to dst's first
        // cache-line boundary: the vector stores then never straddle two lines. A caller's gradient array is aligned by
        // luck; with this the mnist-shaped per-example Gradient went from 1.035–1.107 to 0.893–0.936 of the SIMD
        // baseline's time (docs/benchmarks.md, 2026-12-01 16:03). Shorter rows keep every entry in the vector loop.
        if (n > 64 / Unsafe.SizeOf<T>() * 8)
            for (int head = AlignedArrays.EntriesToBoundary(ref d0); i < head; i++) Unsafe.Add(ref d0, i) += s * Unsafe.Add(ref s0, i);
        if (Vector512.IsHardwareAccelerated)
        {
            var scale = Vector512.Create(s);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                (scale * Vector512.LoadUnsafe(ref s0, (nuint)i) + Vector512.LoadUnsafe(ref d0, (nuint)i)).StoreUnsafe(ref d0, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var scale = Vector256.Create(s);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                (scale * Vector256.LoadUnsafe(ref s0, (nuint)i) + Vector256.LoadUnsafe(ref d0, (nuint)i)).StoreUnsafe(ref d0, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref d0, i) += s * Unsafe.Add(ref s0, i);
    }

    /// <summary><c>Σᵢ (a[i] − b[i])²</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SqDist<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length >= SimdThreshold && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return LongSqDist(a, b);
        T s = T.Zero;
        for (int i = 0; i < a.Length; i++) { T d = a[i] - b[i]; s += d * d; }
        return s;
    }

    /// <summary><c>a²</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Square<T>(T a) where T : unmanaged, IFloatingPointIeee754<T> => a * a;

    /// <summary>The logistic sigmoid <c>1 / (1 + e^(−a))</c>, as <see cref="Ops.Sigmoid(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T a) where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-a));

    /// <summary><c>max(0, a)</c>, as <see cref="Ops.Relu(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Relu<T>(T a) where T : unmanaged, IFloatingPointIeee754<T> => a > T.Zero ? a : T.Zero;

    /// <summary>Relu's derivative: 1 for a &gt; 0, else 0 (the subgradient chosen at 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Step<T>(T a) where T : unmanaged, IFloatingPointIeee754<T> => a > T.Zero ? T.One : T.Zero;

    /// <summary>
    /// <c>a·b</c>, but 0 when either factor is 0, even if the other is NaN or infinite: the backward pass's product of an
    /// adjoint that a conditional masked to 0 with a value of the branch it did not choose, which may not be finite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaskedProduct<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a == T.Zero || b == T.Zero ? T.Zero : a * b;

    /// <summary><c>a / b</c>, but 0 when <paramref name="a"/> is 0, even if b is 0, NaN or infinite (see <see cref="MaskedProduct"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaskedQuotient<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => a == T.Zero ? T.Zero : a / b;

    /// <summary>As <see cref="Ops.Sign(double)"/>: 1, −1, or 0 (for 0 and NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sign<T>(T a) where T : unmanaged, IFloatingPointIeee754<T> => a > T.Zero ? T.One : a < T.Zero ? -T.One : T.Zero;

    /// <summary>
    /// The lecture's classifier <c>sign(f(x))</c> for a model's <c>Predict</c>: 1, −1, or 0 on the boundary. A NaN score
    /// has no class, so it throws rather than pass for the boundary: an <see cref="ArgumentException"/> naming the
    /// entry of <paramref name="x"/> that is not finite, or, for a finite input, an <see cref="InvalidOperationException"/>
    /// (θ holds NaN or the computation overflowed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Classify<T>(T score, ReadOnlySpan<T> x, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (score > T.Zero) return T.One;
        if (score < T.Zero) return -T.One;
        if (score == T.Zero) return T.Zero;
        ThrowNoClass(x, argument);
        return score;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNoClass<T>(ReadOnlySpan<T> x, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            if (!T.IsFinite(x[i]))
                throw new ArgumentException($"The input holds {x[i].ToString(null, System.Globalization.CultureInfo.InvariantCulture)} at index {i}, so f(x) is NaN and there is no class to predict.", argument);
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
    public static void AddScaledDifference<T>(Span<T> dst, T s, ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s == T.Zero) return;
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
