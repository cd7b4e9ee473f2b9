using System.Runtime.Intrinsics.X86;

namespace SymGrad.Tests;

/// <summary>
/// The float32 small-minibatch product <c>C (+)= A·Bᵀ</c> vectorised along the depth (<see cref="Gemm.DotTiles"/>) against a
/// reference computed in double: minibatches around one tile and one vector (1, 3, 15, 16, 17, 32), layer widths that cut
/// the last 4-row tile (1, 5, 10, 127), depths that are and are not whole vectors (16, 17, 31, 64, 784, 785).
/// </summary>
public class GemmDotTilesTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int m in new[] { 1, 3, 15, 16, 17, 32 })
            foreach (int n in new[] { 1, 5, 10, 127 })
                foreach (int k in new[] { 16, 17, 31, 64, 785 })
                    data.Add(m, n, k);
        data.Add(16, 128, 784);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Overwrites_or_adds_the_product(int m, int n, int k)
    {
        Assert.SkipUnless(Avx512F.IsSupported, "The depth-vectorised tiles need AVX-512.");
        var a = GemmTests.Random<float>(m * k, 21); var b = GemmTests.Random<float>(n * k, 22); var start = GemmTests.Random<float>(m * n, 23);
        var (product, size) = GemmTests.Reference(m, n, k, (i, p) => a[i * k + p], (p, j) => b[j * k + p], null);
        var c = (float[])start.Clone(); // overwritten
        Gemm.DotTiles.MultiplyTransposed(a, b, c, m, n, k, accumulate: false);
        GemmTests.Close(product, size, k, c);

        var (sum, sumSize) = GemmTests.Reference(m, n, k, (i, p) => a[i * k + p], (p, j) => b[j * k + p], start);
        c = (float[])start.Clone();
        Gemm.DotTiles.MultiplyTransposed(a, b, c, m, n, k, accumulate: true);
        GemmTests.Close(sum, sumSize, k, c);
    }

    /// <summary>Through the public entry point, at shapes that take the path (m ≤ 32, n &gt; m, k ≥ 64) and next to them.</summary>
    [Theory]
    [InlineData(16, 128, 784)]
    [InlineData(17, 130, 64)]
    [InlineData(Gemm.TransposedMaxRows, 40, 100)]
    [InlineData(Gemm.TransposedMaxRows + 1, 40, 100)]
    [InlineData(16, 128, 63)]
    public void MultiplyTransposed_gives_the_product_in_float32(int m, int n, int k)
    {
        var a = GemmTests.Random<float>(m * k, 24); var b = GemmTests.Random<float>(n * k, 25);
        var (product, size) = GemmTests.Reference(m, n, k, (i, p) => a[i * k + p], (p, j) => b[j * k + p], null);
        var c = new float[m * n];
        Gemm.MultiplyTransposed<float>(a, b, c, m, n, k);
        GemmTests.Close(product, size, k, c);
    }

    /// <summary>
    /// The last, overlapping vector of a depth that is not a whole number of vectors zeroes the lanes the previous step
    /// counted in both operands: an infinity there must stay one term, not meet a 0 and become NaN.
    /// </summary>
    [Fact]
    public void The_overlapping_last_vector_counts_each_term_once()
    {
        Assert.SkipUnless(Avx512F.IsSupported, "The depth-vectorised tiles need AVX-512.");
        const int m = 4, n = 4, k = 17; // the last step reads entries 1..16, of which only 16 is new
        var a = new float[m * k]; var b = new float[n * k];
        Array.Fill(a, 1f);
        Array.Fill(b, 1f);
        b[5] = float.PositiveInfinity; // row 0 of B, entry 5: in both steps
        var c = new float[m * n];
        Gemm.DotTiles.MultiplyTransposed(a, b, c, m, n, k, accumulate: false);
        for (int i = 0; i < m; i++)
        {
            Assert.Equal(float.PositiveInfinity, c[i * n]);
            for (int j = 1; j < n; j++) Assert.Equal(k, c[i * n + j]);
        }
    }
}
