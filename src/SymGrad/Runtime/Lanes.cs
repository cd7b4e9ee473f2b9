using System.ComponentModel;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymGrad;

/// <summary>
/// What generated elementwise loops call when they run <see cref="Vector{T}.Count"/> entries at a time: loads and stores
/// of lanes i … i + Count − 1 of a span, a scalar spread over the lanes, and the lane-wise forms of the scalar functions
/// in <see cref="Kernels"/> (Relu, a masked product, a conditional …). Each gives in every lane exactly the bits its scalar
/// form gives for that entry, so a vectorised loop computes what the scalar loop computed. Not meant to be called by user code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Lanes
{
    /// <summary>Entries i … i + Count − 1 of <paramref name="span"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">They do not all lie in the span.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load<T>(ReadOnlySpan<T> span, int i) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(span.Length, i, Vector<T>.Count);
        return Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)(uint)i);
    }

    /// <summary>As <see cref="Load{T}(ReadOnlySpan{T}, int)"/>, for a workspace buffer (before C# 14 a span does not infer the read-only overload's T).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load<T>(Span<T> span, int i) where T : unmanaged, IFloatingPointIeee754<T> => Load((ReadOnlySpan<T>)span, i);

    /// <summary>Writes <paramref name="value"/> into entries i … i + Count − 1 of <paramref name="span"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">They do not all lie in the span.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Span<T> span, int i, Vector<T> value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(span.Length, i, Vector<T>.Count);
        value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)(uint)i);
    }

    /// <summary><c>span[i + k] += value[k]</c> for every lane k: a gradient block's entries, lane by lane.</summary>
    /// <exception cref="ArgumentOutOfRangeException">They do not all lie in the span.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo<T>(Span<T> span, int i, Vector<T> value) where T : unmanaged, IFloatingPointIeee754<T> =>
        Store(span, i, Load(span, i) + value);

    /// <summary><paramref name="value"/> in every lane: a scalar or a constant read by an elementwise loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Of<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> => new(value);

    /// <summary>As <see cref="Kernels.Square{T}(T)"/> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Square<T>(Vector<T> a) where T : unmanaged, IFloatingPointIeee754<T> => a * a;

    /// <summary>As <see cref="Kernels.Relu{T}(T)"/> in every lane: a where a &gt; 0, else 0 (NaN included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Relu<T>(Vector<T> a) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<T>.Zero), a, Vector<T>.Zero);

    /// <summary>As <see cref="Kernels.Step{T}(T)"/> in every lane: 1 where a &gt; 0, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Step<T>(Vector<T> a) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);

    /// <summary>As <see cref="Kernels.Sign{T}(T)"/> in every lane: 1, −1, or 0 (for 0 and NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sign<T>(Vector<T> a) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<T>.Zero), Vector<T>.One,
            Vector.ConditionalSelect(Vector.LessThan(a, Vector<T>.Zero), -Vector<T>.One, Vector<T>.Zero));

    /// <summary>As <see cref="Kernels.MaskedProduct{T}(T, T)"/> in every lane: a·b, but 0 where either factor is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MaskedProduct<T>(Vector<T> a, Vector<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.Equals(a, Vector<T>.Zero) | Vector.Equals(b, Vector<T>.Zero), Vector<T>.Zero, a * b);

    /// <summary>As <see cref="Kernels.MaskedQuotient{T}(T, T)"/> in every lane: a / b, but 0 where a is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MaskedQuotient<T>(Vector<T> a, Vector<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.Equals(a, Vector<T>.Zero), Vector<T>.Zero, a / b);

    /// <summary>As <see cref="Kernels.Max{T}(T, T)"/> in every lane: NaN where either is NaN, else a where a ≥ b, else b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Max<T>(Vector<T> a, Vector<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(EitherNaN(a, b), new Vector<T>(T.NaN), Vector.ConditionalSelect(Vector.GreaterThanOrEqual(a, b), a, b));

    /// <summary>As <see cref="Kernels.Min{T}(T, T)"/> in every lane: NaN where either is NaN, else a where a ≤ b, else b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Min<T>(Vector<T> a, Vector<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(EitherNaN(a, b), new Vector<T>(T.NaN), Vector.ConditionalSelect(Vector.LessThanOrEqual(a, b), a, b));

    /// <summary>|a| in every lane (the sign bit cleared, as Math.Abs does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Abs<T>(Vector<T> a) where T : unmanaged, IFloatingPointIeee754<T> => Vector.Abs(a);

    /// <summary>√a in every lane, correctly rounded as Math.Sqrt is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sqrt<T>(Vector<T> a) where T : unmanaged, IFloatingPointIeee754<T> => Vector.SquareRoot(a);

    // A conditional l ∘ r ? a : c, lane by lane: a where the comparison holds (false for NaN, except ≠), else c.

    /// <summary><c>l &gt; r ? a : c</c> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> IfGreater<T>(Vector<T> l, Vector<T> r, Vector<T> a, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(l, r), a, c);

    /// <summary><c>l &gt;= r ? a : c</c> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> IfGreaterOrEqual<T>(Vector<T> l, Vector<T> r, Vector<T> a, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThanOrEqual(l, r), a, c);

    /// <summary><c>l &lt; r ? a : c</c> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> IfLess<T>(Vector<T> l, Vector<T> r, Vector<T> a, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.LessThan(l, r), a, c);

    /// <summary><c>l &lt;= r ? a : c</c> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> IfLessOrEqual<T>(Vector<T> l, Vector<T> r, Vector<T> a, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.LessThanOrEqual(l, r), a, c);

    /// <summary><c>l == r ? a : c</c> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> IfEqual<T>(Vector<T> l, Vector<T> r, Vector<T> a, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.Equals(l, r), a, c);

    /// <summary><c>l != r ? a : c</c> in every lane (true where either is NaN, as != is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> IfNotEqual<T>(Vector<T> l, Vector<T> r, Vector<T> a, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.Equals(l, r), c, a);

    // NaN is the one value not equal to itself.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> EitherNaN<T>(Vector<T> a, Vector<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        ~(Vector.Equals(a, a) & Vector.Equals(b, b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Check(int length, int i, int count)
    {
        if ((ulong)(uint)i + (uint)count > (uint)length) ThrowOutside(length, i, count);
    }

    // Not NoInlining: the JIT then sees that it only throws and treats its call as one that does not return, so the
    // lanes loaded before a check are not spilled to the stack around it.
    private static void ThrowOutside(int length, int i, int count) =>
        throw new ArgumentOutOfRangeException(nameof(i), i,
            string.Create(CultureInfo.InvariantCulture, $"Entries {i} to {i + count - 1} do not all lie in a span of length {length}."));
}
