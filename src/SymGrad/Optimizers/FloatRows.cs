using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

/// <summary>
/// The rank-1 step's row kernels for a float32 model (<see cref="RankOneSteps"/>): its float gradient would hold each
/// product a_i·c_j as a float, so these take the product in float (the factors are floats), widen it and step the
/// float64 master θ as the dense step does, and round every θ entry they change into the model's θ.
/// </summary>
internal static class FloatRows
{
    /// <summary>
    /// θ_ij ← θ_ij − η·(g·s + λθ_ij) with g = float(a_i·c_j) + 0 (+0 where a_i = 0), the dense step's operations on the
    /// widened float gradient, then <paramref name="narrowed"/>_ij ← float(θ_ij). A row with a_i = 0 and no L2 is left
    /// as it is, as the dense step leaves it. <paramref name="columns"/> is c in float (the factors are floats).
    /// </summary>
    public static void Write(Span<double> theta, Span<float> narrowed, ReadOnlySpan<double> rows, ReadOnlySpan<float> columns, double eta, double scale, double l2)
    {
        int n = columns.Length;
        for (int i = 0; i < rows.Length; i++)
        {
            double a = rows[i];
            if (a == 0 && l2 == 0) continue;
            var row = theta.Slice(i * n, n);
            var rowNarrowed = narrowed.Slice(i * n, n);
            int done = Vector512.IsHardwareAccelerated ? Row512(row, rowNarrowed, (float)a, columns, eta, scale, l2) : RowVector(row, rowNarrowed, (float)a, columns, eta, scale, l2);
            for (int j = done; j < n; j++)
            {
                double g = a == 0 ? 0 : (double)((float)a * columns[j]) + 0.0;
                row[j] -= eta * (scale == 1 && l2 == 0 ? g : g * scale + l2 * row[j]);
                rowNarrowed[j] = (float)row[j];
            }
        }
    }

    /// <summary><c>gradient[j] += a·c_j</c> in float, nothing when a is 0: the float gradient's row a cᵀ, widened.</summary>
    public static void AddProducts(Span<double> gradient, float a, ReadOnlySpan<float> columns)
    {
        if (a == 0) return;
        for (int j = 0; j < gradient.Length; j++) gradient[j] += a * columns[j];
    }

    // The row loops: the float product widened into two double vectors, the step's
    // arithmetic, and the pair narrowed into one float vector. With neither L2 nor a scale (the usual batch-1 step) the
    // step is θ − η·g: g·1 + 0·θ is g to the bit, so that form is the same arithmetic with four fewer operations.
    // Each returns how many entries it did; the caller does the rest one by one.

    private static int Row512(Span<double> row, Span<float> narrowed, float a, ReadOnlySpan<float> columns, double eta, double scale, double l2)
    {
        const int Step = 2 * 8; // two Vector512<double>, one Vector512<float>
        columns = columns[..row.Length];
        narrowed = narrowed[..row.Length];
        ref double t = ref MemoryMarshal.GetReference(row);
        ref float c = ref MemoryMarshal.GetReference(columns);
        ref float f = ref MemoryMarshal.GetReference(narrowed);
        var va = Vector512.Create(a);
        Vector512<double> vEta = Vector512.Create(eta), vScale = Vector512.Create(scale), vL2 = Vector512.Create(l2);
        bool zero = a == 0, plain = scale == 1 && l2 == 0;
        int j = 0;
        for (; j + Step <= row.Length; j += Step)
        {
            var (g0, g1) = zero ? default : Vector512.Widen(va * Vector512.LoadUnsafe(ref c, (nuint)j));
            g0 += Vector512<double>.Zero;
            g1 += Vector512<double>.Zero;
            var t0 = Vector512.LoadUnsafe(ref t, (nuint)j);
            var t1 = Vector512.LoadUnsafe(ref t, (nuint)(j + 8));
            t0 -= vEta * (plain ? g0 : g0 * vScale + vL2 * t0);
            t1 -= vEta * (plain ? g1 : g1 * vScale + vL2 * t1);
            t0.StoreUnsafe(ref t, (nuint)j);
            t1.StoreUnsafe(ref t, (nuint)(j + 8));
            Vector512.Narrow(t0, t1).StoreUnsafe(ref f, (nuint)j);
        }
        return j;
    }

    /// <summary><see cref="Row512"/> in <see cref="Vector{T}"/>s, for hardware without 512-bit vectors.</summary>
    private static int RowVector(Span<double> row, Span<float> narrowed, float a, ReadOnlySpan<float> columns, double eta, double scale, double l2)
    {
        var t = MemoryMarshal.Cast<double, Vector<double>>(row);
        var c = MemoryMarshal.Cast<float, Vector<float>>(columns[..row.Length]);
        var f = MemoryMarshal.Cast<float, Vector<float>>(narrowed[..row.Length]);
        var va = new Vector<float>(a);
        Vector<double> vEta = new(eta), vScale = new(scale), vL2 = new(l2);
        bool zero = a == 0, plain = scale == 1 && l2 == 0;
        for (int k = 0; k < c.Length; k++)
        {
            Vector<double> g0 = default, g1 = default;
            if (!zero) Vector.Widen(va * c[k], out g0, out g1);
            g0 += Vector<double>.Zero;
            g1 += Vector<double>.Zero;
            var t0 = t[2 * k];
            var t1 = t[2 * k + 1];
            t0 -= vEta * (plain ? g0 : g0 * vScale + vL2 * t0);
            t1 -= vEta * (plain ? g1 : g1 * vScale + vL2 * t1);
            (t[2 * k], t[2 * k + 1]) = (t0, t1);
            f[k] = Vector.Narrow(t0, t1);
        }
        return c.Length * Vector<float>.Count;
    }
}
