namespace SymGrad.Tests;

/// <summary>
/// The whole-matrix kernels (W·x, row-wise squared distances) and the SIMD paths of SqDist and AddScaledDifference
/// agree with naive loops, for row counts around the four-row block and row lengths around the vector width.
/// </summary>
public class RowKernelTests
{
    // Rows: below, at and past the four-row block with every remainder; columns: the scalar path, the vector
    // width (8) and its tails, the 16-entry threshold, and long rows with odd tails.
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 0, 1, 3, 4, 5, 6, 7, 9, 16 })
            foreach (int columns in new[] { 1, 2, 7, 8, 9, 15, 16, 17, 31, 64, 785 })
                data.Add(rows, columns);
        return data;
    }

    private static double[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var a = new double[length];
        for (int i = 0; i < a.Length; i++) a[i] = 2 * random.NextDouble() - 1;
        return a;
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-13 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R}, expected {expected:R}");

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatVec_is_one_dot_product_per_row(int rows, int columns)
    {
        double[] w = Random(rows * columns, 1), x = Random(columns, 2), result = Random(rows, 3);
        Kernels.MatVec(w, x, result);
        for (int i = 0; i < rows; i++)
        {
            double expected = 0;
            for (int j = 0; j < columns; j++) expected += w[i * columns + j] * x[j];
            Close(expected, result[i], $"row {i}");
        }
    }

    /// <summary>Rows shorter than a vector are summed in order from zero, four rows at a time: the same bits as one row at a time.</summary>
    [Theory]
    [InlineData(16, 2)]
    [InlineData(7, 3)]
    [InlineData(5, 7)]
    public void Short_rows_sum_their_entries_in_order(int rows, int columns)
    {
        double[] w = Random(rows * columns, 4), x = Random(columns, 5), result = new double[rows], distances = new double[rows];
        Kernels.MatVec(w, x, result);
        Kernels.SqDistRows(w, x, distances);
        for (int i = 0; i < rows; i++)
        {
            double dot = 0, distance = 0;
            for (int j = 0; j < columns; j++)
            {
                dot += w[i * columns + j] * x[j];
                double d = w[i * columns + j] - x[j];
                distance += d * d;
            }
            Assert.Equal(dot, result[i]);
            Assert.Equal(distance, distances[i]);
        }
    }

    /// <summary>
    /// The same generic kernels in float32 (16 lanes per Vector512, so other tails) against the double sums of the same
    /// float values, within the bound of an n-term float sum: (n + 1)·2⁻²⁴·Σ|terms|.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_float32_row_kernels_agree_with_double_sums_within_float_rounding(int rows, int columns)
    {
        float[] w = Array.ConvertAll(Random(rows * columns, 7), v => (float)v), x = Array.ConvertAll(Random(columns, 8), v => (float)v);
        float[] products = new float[rows], distances = new float[rows];
        Kernels.MatVec<float>(w, x, products);
        Kernels.SqDistRows<float>(w, x, distances);
        double bound = (columns + 1) * Math.ScaleB(1, -24);
        for (int i = 0; i < rows; i++)
        {
            double dot = 0, dotSize = 0, distance = 0;
            for (int j = 0; j < columns; j++)
            {
                double term = (double)w[i * columns + j] * x[j], d = (double)w[i * columns + j] - x[j];
                dot += term;
                dotSize += Math.Abs(term);
                distance += d * d;
            }
            Assert.True(Math.Abs(products[i] - dot) <= bound * dotSize, $"MatVec row {i}: {products[i]:R}, expected {dot:R}");
            // Each difference is rounded too (relative 2⁻²⁴, squared: 2·2⁻²⁴), hence the extra 2.
            Assert.True(Math.Abs(distances[i] - distance) <= (bound + 2 * Math.ScaleB(1, -24)) * distance, $"SqDistRows row {i}: {distances[i]:R}, expected {distance:R}");
            Assert.Equal(distances[i], Kernels.SqDist<float>(w.AsSpan(i * columns, columns), x), (float)(bound * distance + 1e-30));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SqDistRows_is_one_squared_distance_per_row(int rows, int columns)
    {
        double[] w = Random(rows * columns, 4), x = Random(columns, 5), result = Random(rows, 6);
        Kernels.SqDistRows(w, x, result);
        for (int i = 0; i < rows; i++)
        {
            double expected = 0;
            for (int j = 0; j < columns; j++) expected += (w[i * columns + j] - x[j]) * (w[i * columns + j] - x[j]);
            Close(expected, result[i], $"row {i}");
            Close(expected, Kernels.SqDist(w.AsSpan(i * columns, columns), x), $"SqDist of row {i}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(100)]
    public void AddScaledDifference_adds_the_scaled_difference(int length)
    {
        double[] dst = Random(length, 7), a = Random(length + 3, 8), b = Random(length + 5, 9);
        var expected = (double[])dst.Clone();
        for (int i = 0; i < length; i++) expected[i] += -1.5 * (a[i] - b[i]);
        Kernels.AddScaledDifference(dst, -1.5, a, b);
        for (int i = 0; i < length; i++) Close(expected[i], dst[i], $"entry {i}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public void AddScaledDifference_adds_nothing_for_a_zero_scale_even_next_to_infinity(int length)
    {
        double[] dst = Random(length, 10), a = new double[length], b = Random(length, 11);
        Array.Fill(a, double.PositiveInfinity);
        var before = (double[])dst.Clone();
        Kernels.AddScaledDifference(dst, 0.0, a, b);
        Assert.Equal(before, dst);
    }

    // The vector path (16 entries and more) must give the bits of the scalar loop dst[i] += s·src[i]: a product rounded,
    // then a sum rounded, in either element type, for lengths around the threshold and both vector widths' tails, with
    // dst starting at every position within a cache line (the path steps the entries before the first line boundary
    // alone), and nothing written outside dst.
    [Theory]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(23)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(785)]
    public void AddScaled_gives_the_bits_of_the_scalar_loop(int length)
    {
        double[] src = Random(length + 4, 13);
        float[] srcF = Array.ConvertAll(Random(length, 15), v => (float)v);
        for (int start = 0; start <= 16; start++)
        {
            double[] dst = Random(start + length + 3, 12);
            var expected = (double[])dst.Clone();
            for (int i = 0; i < length; i++) expected[start + i] += 0.37 * src[i];
            Kernels.AddScaled<double>(dst.AsSpan(start, length), 0.37, src);
            Assert.Equal(expected, dst);

            float[] dstF = Array.ConvertAll(Random(start + length + 3, 14), v => (float)v);
            var expectedF = (float[])dstF.Clone();
            for (int i = 0; i < length; i++) expectedF[start + i] += -1.3f * srcF[i];
            Kernels.AddScaled<float>(dstF.AsSpan(start, length), -1.3f, srcF);
            Assert.Equal(expectedF, dstF);
        }
    }

    [Fact]
    public void A_matrix_too_short_for_its_rows_is_an_argument_exception_before_anything_is_written()
    {
        var result = new double[] { 7, 7, 7 };
        var error = Assert.Throws<ArgumentException>(() => Kernels.MatVec(new double[8], new double[3], result));
        Assert.Equal("w", error.ParamName);
        Assert.Equal(new double[] { 7, 7, 7 }, result);
    }
}
