using System.Numerics;
using System.Numerics.Tensors;

namespace SymGrad;

// The expensive elementwise functions over whole spans (the op table's SpanKernel column): generated code applies an
// activation to a layer's vector, or a minibatch's block, in one SIMD call instead of one Math call per entry.
// TensorPrimitives' versions agree with Math's and MathF's to within a few ulps (tested); one generic method serves float64
// and float32 models.
public static partial class Kernels
{
    /// <summary><c>result[i] = tanh(a[i])</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> a, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Tanh(a, result);

    /// <summary><c>result[i] = e^a[i]</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Exp<T>(ReadOnlySpan<T> a, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Exp(a, result);

    /// <summary><c>result[i] = ln a[i]</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Log<T>(ReadOnlySpan<T> a, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log(a, result);

    /// <summary><c>result[i] = 1 / (1 + e^(−a[i]))</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> a, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sigmoid(a, result);

    /// <summary><c>result[i] = √a[i]</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Sqrt<T>(ReadOnlySpan<T> a, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sqrt(a, result);
}
