namespace SymGrad.Tests;

/// <summary>
/// A minibatch's gradient sums over its rows (column sums, the transposed matrix–vector product Xᵀa and its masked form)
/// agree to the bit with the naive loop that adds the rows in order, as the per-example gradients add up: for one row,
/// for row counts around the four-vector block, and for row lengths around both vector widths (8 and 16 lanes).
/// </summary>
public class BlockSumKernelTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 0, 1, 2, 5, 16, 64 })
            foreach (int columns in new[] { 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 128, 130 })
                data.Add(rows, columns);
        return data;
    }

    private static T[] Random<T>(int length, int seed) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var a = new T[length];
        for (int i = 0; i < a.Length; i++) a[i] = T.CreateTruncating(2 * random.NextDouble() - 1);
        return a;
    }

    /// <summary>sums[i] += term(a[r], X[r,i]) row after row: what adding the examples' gradients one by one computes.</summary>
    private static T[] Naive<T>(T[] x, T[] sums, int rows, Func<int, T, T> term) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var expected = (T[])sums.Clone();
        int n = sums.Length;
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < n; i++) expected[i] += term(r, x[r * n + i]);
        return expected;
    }

    private static void Check<T>(int rows, int length) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T[] x = Random<T>(rows * length, 1), a = Random<T>(rows, 2), start = Random<T>(length, 3);
        if (rows > 1) a[1] = T.Zero;

        T[] columns = Naive(x, start, rows, (_, v) => v), products = Naive(x, start, rows, (r, v) => a[r] * v);
        T[] masked = Naive(x, start, rows, (r, v) => Kernels.MaskedProduct(a[r], v));

        var sums = (T[])start.Clone();
        Kernels.AddColumnSums<T>(x, sums, rows);
        Assert.Equal(columns, sums);
        sums = (T[])start.Clone();
        Kernels.AddTransposedMatVec<T>(x, a, sums, rows);
        Assert.Equal(products, sums);
        sums = (T[])start.Clone();
        Kernels.AddMaskedTransposedMatVec<T>(x, a, sums, rows);
        Assert.Equal(masked, sums);

        // Every width this machine has (512 and 256 bits, and the scalar loop), not only the widest the methods take.
        foreach (int width in Kernels.RowSumWidths)
        {
            sums = (T[])start.Clone();
            Kernels.AddRowTerms<T, Kernels.RowTerm>(x, a, sums, rows, width);
            Assert.Equal(columns, sums);
            sums = (T[])start.Clone();
            Kernels.AddRowTerms<T, Kernels.ProductTerm>(x, a, sums, rows, width);
            Assert.Equal(products, sums);
            sums = (T[])start.Clone();
            Kernels.AddRowTerms<T, Kernels.MaskedProductTerm>(x, a, sums, rows, width);
            Assert.Equal(masked, sums);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_float64_row_sums_equal_the_rows_added_in_order(int rows, int columns) => Check<double>(rows, columns);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_float32_row_sums_equal_the_rows_added_in_order(int rows, int columns) => Check<float>(rows, columns);

    /// <summary>
    /// A row whose scale is 0 adds nothing to the masked sum even where it holds NaN or infinity (an adjoint a conditional
    /// masked to 0, against the branch it did not choose); the plain sum propagates them, as a·x does.
    /// </summary>
    [Fact]
    public void A_masked_zero_scale_keeps_a_row_of_NaN_and_infinity_out()
    {
        const int n = 20;
        double[] x = new double[3 * n], a = { 1, 0, 2 };
        for (int i = 0; i < x.Length; i++) x[i] = i % 5;
        x[n + 3] = double.NaN;
        x[n + 11] = double.PositiveInfinity;
        var masked = new double[n];
        Kernels.AddMaskedTransposedMatVec<double>(x, a, masked, 3);
        for (int i = 0; i < n; i++) Assert.Equal(x[i] + 2 * x[2 * n + i], masked[i]);

        var plain = new double[n];
        Kernels.AddTransposedMatVec<double>(x, a, plain, 3);
        Assert.True(double.IsNaN(plain[3]) && double.IsNaN(plain[11]));
    }

    [Fact]
    public void A_short_block_or_too_few_scales_is_an_ArgumentException_that_writes_nothing()
    {
        var sums = new double[8];
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Kernels.AddColumnSums<double>(new double[15], sums, 2)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Kernels.AddTransposedMatVec<double>(new double[16], new double[1], sums, 2)).ParamName);
        Assert.All(sums, s => Assert.Equal(0.0, s));
    }
}
