using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif

namespace SymGrad;

/// <summary>
/// Fused multiply–add over vectors of either element type, for the generic kernels. The runtime has FMA only for
/// vectors of double and float, so it dispatches on the element type; the JIT compiles each instantiation
/// separately and drops the branches that do not apply, leaving one instruction.
/// </summary>
internal static class Simd
{
    /// <summary><c>a·b + c</c>, fused where the hardware has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
#else
        if (Avx512F.IsSupported && typeof(T) == typeof(double)) return Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (Avx512F.IsSupported && typeof(T) == typeof(float)) return Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
#endif
        return a * b + c;
    }

    /// <summary><c>a·b + c</c>, fused where the hardware has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
#else
        if (Fma.IsSupported && typeof(T) == typeof(double)) return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (Fma.IsSupported && typeof(T) == typeof(float)) return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
#endif
        return a * b + c;
    }
}
