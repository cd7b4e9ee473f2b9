using System.Numerics;

namespace SymGrad.Tests;

/// <summary>
/// The runtime's matrix–matrix products against a naive triple loop, for sizes that cut every block and tile at every
/// place (1, 3, 7, 17, 65, 130, and the blocking constants ±1), through every micro-kernel this machine can run.
/// </summary>
public class GemmTests
{
    private static readonly int[] s_sizes = [1, 3, 7, 17, 65, 130];

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int m in s_sizes)
            foreach (int n in s_sizes)
                foreach (int k in new[] { 1, 7, 130 })
                    data.Add(m, n, k);
        // Past one block of each loop: KC, MC and NC, each just below, at and above.
        data.Add(Gemm.MC + 1, 25, Gemm.KC + 1);
        data.Add(Gemm.MC - 1, 23, Gemm.KC - 1);
        data.Add(9, Gemm.NC + 5, 3);
        data.Add(9, 17, 4 * Gemm.KC + 5); // the transposed path's depth past 4·KC, where it cuts k again
        data.Add(64, 128, 784);
        data.Add(128, 784, 64);
        // A last panel exactly one vector wide (float 48 = 32 + 16, double 24 = 16 + 8), which Kernel512 computes alone.
        data.Add(17, 48, 7);
        data.Add(17, 24, 7);
        data.Add(16, 784, 16);
        return data;
    }

    private static double[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 2 - 1;
        return values;
    }

    /// <summary>C[i, j] = Σₚ A(i, p)·B(p, j), with the entries read through the accessors.</summary>
    private static double[] Naive(int m, int n, int k, Func<int, int, double> a, Func<int, int, double> b, double[]? start = null)
    {
        var c = start is null ? new double[m * n] : (double[])start.Clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a(i, p) * b(p, j);
                c[i * n + j] += s;
            }
        return c;
    }

    /// <summary>Normwise relative error: every entry within 1e-12 of the largest |C| entry.</summary>
    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * scale, $"entry {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_kernel_multiplies_by_a_transpose(int m, int n, int k)
    {
        ByATranspose<double>(m, n, k);
        ByATranspose<float>(m, n, k);
    }

    private static void ByATranspose<T>(int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Random<T>(m * k, 1); var b = Random<T>(n * k, 2); var start = Random<T>(m * n, 3);
        var (expected, size) = Reference(m, n, k, (i, p) => a[i * k + p], (p, j) => b[j * k + p], start);
        foreach (var kernel in Gemm.MicroKernel<T>.Available)
        {
            var c = (T[])start.Clone();
            Gemm.Run<T>(a, k, 1, b, 1, k, c, m, n, k, accumulate: true, kernel);
            Close(expected, size, k, c);
            // The same product as the transpose of B·Aᵀ, written back transposed (what MultiplyTransposed does for a small m < n).
            c = (T[])start.Clone();
            Gemm.Run<T>(b, k, 1, a, 1, k, c, n, m, k, accumulate: true, kernel, transposeC: true);
            Close(expected, size, k, c);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_kernel_multiplies_a_transpose(int m, int n, int k)
    {
        OfATranspose<double>(m, n, k);
        OfATranspose<float>(m, n, k);
    }

    private static void OfATranspose<T>(int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Random<T>(k * m, 4); var b = Random<T>(k * n, 5); var start = Random<T>(m * n, 6);
        var (expected, size) = Reference(m, n, k, (i, p) => a[p * m + i], (p, j) => b[p * n + j], start);
        foreach (var kernel in Gemm.MicroKernel<T>.Available)
        {
            var c = (T[])start.Clone();
            Gemm.Run<T>(a, 1, m, b, n, 1, c, m, n, k, accumulate: true, kernel);
            Close(expected, size, k, c);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_kernel_multiplies_plainly(int m, int n, int k)
    {
        Plainly<double>(m, n, k);
        Plainly<float>(m, n, k);
    }

    private static void Plainly<T>(int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Random<T>(m * k, 7); var b = Random<T>(k * n, 8);
        var (expected, size) = Reference(m, n, k, (i, p) => a[i * k + p], (p, j) => b[p * n + j], null);
        foreach (var kernel in Gemm.MicroKernel<T>.Available)
        {
            var c = Random<T>(m * n, 9); // overwritten, not added to
            Gemm.Run<T>(a, k, 1, b, n, 1, c, m, n, k, accumulate: false, kernel);
            Close(expected, size, k, c);
        }
    }

    internal static T[] Random<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. Random(length, seed).Select(T.CreateTruncating)];

    /// <summary>The product of T-valued operands computed in double, and Σₚ |A(i, p)·B(p, j)| + |start| for the error bound.</summary>
    internal static (double[] Product, double[] Size) Reference<T>(int m, int n, int k, Func<int, int, T> a, Func<int, int, T> b, T[]? start)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double A(int i, int p) => double.CreateTruncating(a(i, p));
        double B(int p, int j) => double.CreateTruncating(b(p, j));
        double[]? wide = start?.Select(double.CreateTruncating).ToArray();
        return (Naive(m, n, k, A, B, wide), Naive(m, n, k, (i, p) => Math.Abs(A(i, p)), (p, j) => Math.Abs(B(p, j)), wide?.Select(Math.Abs).ToArray()));
    }

    /// <summary>
    /// Within the normwise 1e-12 of <see cref="Close(double[], double[])"/> in double; in float within the classic bound of a
    /// k-term sum, |error| ≤ (k + 1)·u·Σ|aᵢbᵢ| with u = 2⁻²⁴ float's unit roundoff (any order of summation satisfies it).
    /// </summary>
    internal static void Close<T>(double[] expected, double[] size, int k, T[] actual) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] wide = [.. actual.Select(double.CreateTruncating)];
        if (typeof(T) == typeof(double))
        {
            Close(expected, wide);
            return;
        }
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - wide[i]) <= (k + 1) * Math.ScaleB(1, -24) * size[i], $"entry {i}: expected {expected[i]:R}, got {wide[i]:R}");
    }

    /// <summary>MultiplyTransposed computes Cᵀ = B·Aᵀ for at most <see cref="Gemm.TransposedMaxRows"/> rows of A against a wider B, else C = A·Bᵀ.</summary>
    [Theory]
    [InlineData(5, 9, 11)]
    [InlineData(Gemm.TransposedMaxRows, 2 * Gemm.TransposedMaxRows + 3, 37)]
    [InlineData(Gemm.TransposedMaxRows + 1, 2 * Gemm.TransposedMaxRows + 3, 37)]
    public void The_public_entry_points_overwrite_or_add_as_named(int m, int n, int k)
    {
        var a = Random(m * k, 10); var bt = Random(n * k, 11); var b = Random(k * n, 12); var at = Random(k * m, 13);
        var start = Random(m * n, 14);

        var c = (double[])start.Clone();
        Gemm.MultiplyTransposed(a, bt, c, m, n, k);
        Close(Naive(m, n, k, (i, p) => a[i * k + p], (p, j) => bt[j * k + p]), c);
        Gemm.MultiplyTransposed(a, bt, c, m, n, k, accumulate: true);
        Close(Naive(m, n, k, (i, p) => 2 * a[i * k + p], (p, j) => bt[j * k + p]), c);

        c = (double[])start.Clone();
        Gemm.Multiply(a, b, c, m, n, k);
        Close(Naive(m, n, k, (i, p) => a[i * k + p], (p, j) => b[p * n + j]), c);

        c = (double[])start.Clone();
        Gemm.AddTransposedProduct(at, b, c, m, n, k);
        Close(Naive(m, n, k, (i, p) => at[p * m + i], (p, j) => b[p * n + j], start), c);
    }

    [Fact]
    public void Short_spans_are_refused_before_anything_is_written()
    {
        var c = new double[6];
        c[0] = 42;
        var e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposed(new double[5], new double[6], c, 2, 3, 3));
        Assert.Equal("a", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new double[6], new double[8], c, 2, 3, 3));
        Assert.Equal("b", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.AddTransposedProduct(new double[6], new double[9], new double[5], 2, 3, 3));
        Assert.Equal("c", e.ParamName);
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(new double[6], new double[8], c, -1, 3, 3)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.AddTransposedProduct(new double[6], new double[9], c, 2, 3, -3)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.AddOuterProducts(new double[6], new double[9], c, 2, -3, 3)).ParamName);
        Assert.Equal(42, c[0]);
    }

    [Fact]
    public void A_call_allocates_nothing_after_the_first()
    {
        const int m = 64, n = 128, k = 200;
        var a = Random(m * k, 1); var b = Random(n * k, 2); var c = new double[m * n];
        Gemm.MultiplyTransposed(a, b, c, m, n, k);
        Gemm.AddTransposedProduct(a, c, new double[k * n], k, n, m);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            Gemm.MultiplyTransposed(a, b, c, m, n, k);
            Gemm.AddTransposedProduct(a, c, new Span<double>(b, 0, k * n), k, n, m);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>The weight-gradient sum adds nothing for a 0 adjoint, even against a row that is not finite, as AddScaled.</summary>
    [Fact]
    public void Outer_products_skip_a_zero_adjoint_against_a_row_that_is_not_finite()
    {
        const int m = 3, n = 20, k = 4;
        var random = new Random(3);
        double[] a = [.. Enumerable.Range(0, k * m).Select(_ => random.NextDouble() - 0.5)];
        double[] x = [.. Enumerable.Range(0, k * n).Select(_ => random.NextDouble() - 0.5)];
        // Example 2 took a branch whose values overflowed: its adjoint is masked to 0 and must not meet them.
        for (int i = 0; i < m; i++) a[2 * m + i] = 0;
        x[2 * n + 5] = double.PositiveInfinity;
        x[2 * n + 7] = double.NaN;
        var expected = new double[m * n];
        for (int r = 0; r < k; r++)
            for (int i = 0; i < m; i++)
                Kernels.AddScaled(expected.AsSpan(i * n, n), a[r * m + i], x.AsSpan(r * n, n));
        var actual = new double[m * n];
        Kernels.AddOuterProducts(a, x, actual, m, n, k);
        Assert.All(actual, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(expected, actual);

        // With a finite X it is the matrix–matrix product.
        x[2 * n + 5] = 1;
        x[2 * n + 7] = 2;
        var product = new double[m * n];
        Gemm.AddTransposedProduct(a, x, product, m, n, k);
        var viaKernel = new double[m * n];
        Kernels.AddOuterProducts(a, x, viaKernel, m, n, k);
        Assert.Equal(product, viaKernel);
    }
}
