namespace SymGrad.Tests;

/// <summary>The whole-span activations generated code calls agree with the per-entry functions they replace.</summary>
public class SpanKernelTests
{
    public static TheoryData<string> Names() => new() { "Tanh", "Exp", "Log", "Sigmoid", "Sqrt" };

    private static (SpanAction Span, Func<double, double> Scalar, double Low, double High) Of(string name) => name switch
    {
        "Tanh" => (Kernels.Tanh, Math.Tanh, -20, 20),
        "Exp" => (Kernels.Exp, Math.Exp, -700, 700),
        "Log" => (Kernels.Log, Math.Log, 1e-300, 1e300),
        "Sigmoid" => (Kernels.Sigmoid, Kernels.Sigmoid, -40, 40),
        "Sqrt" => (Kernels.Sqrt, Math.Sqrt, 0, 1e6),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private delegate void SpanAction(ReadOnlySpan<double> a, Span<double> result);

    [Theory]
    [MemberData(nameof(Names))]
    public void Span_kernel_agrees_with_the_scalar_function(string name)
    {
        var (span, scalar, low, high) = Of(name);
        var random = new Random(5);
        // Lengths around the vector widths, so every tail path runs; values spread over the function's whole range.
        foreach (int length in new[] { 1, 3, 7, 8, 9, 16, 31, 128 })
        {
            var a = new double[length];
            for (int i = 0; i < length; i++)
                a[i] = name == "Log" ? Math.Exp(random.NextDouble() * (Math.Log(high) - Math.Log(low)) + Math.Log(low))
                    : low + random.NextDouble() * (high - low) * (i % 3 == 0 ? 1 : 0.01);
            var result = new double[length];
            span(a, result);
            for (int i = 0; i < length; i++)
            {
                double expected = scalar(a[i]);
                Assert.True(Math.Abs(result[i] - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected)),
                    $"{name}({a[i]:R}) = {result[i]:R}, expected {expected:R}");
            }
            span(a, a);
            Assert.Equal(result, a);
        }
    }

    [Fact]
    public void Short_spans_are_refused_before_anything_is_written()
    {
        foreach (int length in new[] { 4, 40 }) // the inlined loop and the SIMD path
        {
            var dst = new double[length];
            // The kernel cuts src to dst's length first: the slice throws, before anything is written.
            Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.AddScaled<double>(dst, 1.0, new double[length - 2]));
            Assert.All(dst, v => Assert.Equal(0, v));
        }
        var result = new double[3];
        Assert.Equal("result", Assert.Throws<ArgumentException>(() => Kernels.Softmax<double>(new double[] { 1, 2, 3, 4 }, result)).ParamName);
        Assert.All(result, v => Assert.Equal(0, v));
    }
}
