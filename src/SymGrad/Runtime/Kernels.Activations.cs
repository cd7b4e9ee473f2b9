using System.Numerics.Tensors;

namespace SymGrad;

// The expensive elementwise functions over whole spans (the op table's SpanKernel column): generated code applies an
// activation to a layer's vector, or a minibatch's block, in one SIMD call instead of one Math call per entry.
// TensorPrimitives' double versions agree with Math's to within a few ulps (tested).
public static partial class Kernels
{
    /// <summary><c>result[i] = tanh(a[i])</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Tanh(ReadOnlySpan<double> a, Span<double> result) => TensorPrimitives.Tanh(a, result);

    /// <summary><c>result[i] = e^a[i]</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Exp(ReadOnlySpan<double> a, Span<double> result) => TensorPrimitives.Exp(a, result);

    /// <summary><c>result[i] = ln a[i]</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Log(ReadOnlySpan<double> a, Span<double> result) => TensorPrimitives.Log(a, result);

    /// <summary><c>result[i] = 1 / (1 + e^(−a[i]))</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Sigmoid(ReadOnlySpan<double> a, Span<double> result) => TensorPrimitives.Sigmoid(a, result);

    /// <summary><c>result[i] = √a[i]</c>; <paramref name="result"/> may be <paramref name="a"/> itself.</summary>
    public static void Sqrt(ReadOnlySpan<double> a, Span<double> result) => TensorPrimitives.Sqrt(a, result);
}
