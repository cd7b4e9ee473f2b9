using System.Numerics;

namespace SymGrad.Benchmarks.HandWritten;

/// <summary>
/// The SIMD baselines' row loops for rows shorter than a vector (the D = 2 workloads): a careful engineer does not make a
/// library call, with its dispatch and length checks, for two multiply–adds. Each sums in order from zero.
/// </summary>
internal static class ShortRows
{
    /// <summary>Rows of at least this many entries go to <c>TensorPrimitives</c>; shorter ones use the loops below.</summary>
    public static int Length => Vector<double>.Count;

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }

    public static double SqDist(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    /// <summary><c>g += k·x</c>.</summary>
    public static void AddScaled(Span<double> g, double k, ReadOnlySpan<double> x)
    {
        for (int j = 0; j < g.Length; j++) g[j] += k * x[j];
    }

    /// <summary><c>g += k·(w − x)</c>.</summary>
    public static void AddScaledDifference(Span<double> g, double k, ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        for (int j = 0; j < g.Length; j++) g[j] += k * (w[j] - x[j]);
    }
}
