using System.Numerics.Tensors;

namespace SymGrad.Benchmarks.HandWritten;

/// <summary>
/// The SIMD baseline for Rbf, as a careful engineer writes it with <see cref="TensorPrimitives"/>. Same math as
/// <see cref="RbfNet"/>: s_h = ‖W[h,·] − x‖², e = exp(−γ ⊙ s), f = v · e; ḡ = 2(f − y), v̄ += ḡ e,
/// γ̄ −= ḡ v ⊙ e ⊙ s, W̄[h,·] += k_h (W[h,·] − x) with k = −2 ḡ γ ⊙ v ⊙ e. The row differences are
/// formed again in the backward pass rather than stored (H×D doubles). Rows shorter than a vector (D = 2) are plain loops
/// (<see cref="ShortRows"/>): a library call per two-entry row costs more than its arithmetic.
/// </summary>
public sealed class RbfSimdNet
{
    private readonly int _h;
    private readonly int _d;
    private readonly double[] _w;  // H×D, row-major: the centres
    private readonly double[] _gamma;
    private readonly double[] _v;
    private readonly double[] _s;     // scratch: squared distances
    private readonly double[] _e;     // scratch: exp(−γ ⊙ s)
    private readonly double[] _k;     // scratch: the row scales of W̄
    private readonly double[] _diff;  // scratch: W[h,·] − x

    public RbfSimdNet(int h, int d, double[] w, double[] gamma, double[] v)
    {
        (_h, _d, _w, _gamma, _v) = (h, d, w, gamma, v);
        _s = new double[h];
        _e = new double[h];
        _k = new double[h];
        _diff = new double[d];
        GradW = new double[h * d];
        GradGamma = new double[h];
        GradV = new double[h];
    }

    public double[] GradW { get; }
    public double[] GradGamma { get; }
    public double[] GradV { get; }

    public double Forward(ReadOnlySpan<double> x)
    {
        Kernel(x);
        return TensorPrimitives.Dot(_v, _e);
    }

    /// <summary>Adds ∂L/∂θ into GradW, GradGamma, GradV and returns L.</summary>
    public double Gradient(ReadOnlySpan<double> x, double y)
    {
        Kernel(x);
        Span<double> e = _e, k = _k;
        double r = TensorPrimitives.Dot(_v, e) - y;
        double fBar = 2 * r;

        TensorPrimitives.MultiplyAdd(e, fBar, GradV, GradV);   // v̄ += ḡ e
        TensorPrimitives.Multiply(e, _v, k);                    // k = −ḡ v ⊙ e
        TensorPrimitives.Multiply(k, -fBar, k);
        TensorPrimitives.MultiplyAdd(k, _s, GradGamma, GradGamma); // γ̄ += k ⊙ s
        TensorPrimitives.Multiply(k, _gamma, k);                // k = −2 ḡ γ ⊙ v ⊙ e
        TensorPrimitives.Multiply(k, 2.0, k);
        Span<double> diff = _diff;
        for (int h = 0; h < _h; h++)                            // W̄[h,·] += k_h (W[h,·] − x)
        {
            Span<double> gRow = GradW.AsSpan(h * _d, _d);
            if (_d < ShortRows.Length)
            {
                ShortRows.AddScaledDifference(gRow, k[h], _w.AsSpan(h * _d, _d), x);
                continue;
            }
            TensorPrimitives.Subtract(_w.AsSpan(h * _d, _d), x, diff);
            TensorPrimitives.MultiplyAdd(diff, k[h], gRow, gRow);
        }
        return r * r;
    }

    // s_h = ‖W[h,·] − x‖², then e = exp(−γ ⊙ s) over the whole vector.
    private void Kernel(ReadOnlySpan<double> x)
    {
        Span<double> s = _s, e = _e, diff = _diff;
        for (int h = 0; h < _h; h++)
        {
            if (_d < ShortRows.Length)
            {
                s[h] = ShortRows.SqDist(_w.AsSpan(h * _d, _d), x);
                continue;
            }
            TensorPrimitives.Subtract(_w.AsSpan(h * _d, _d), x, diff);
            s[h] = TensorPrimitives.SumOfSquares(diff);
        }
        TensorPrimitives.Multiply(_gamma, s, e);
        TensorPrimitives.Negate(e, e);
        TensorPrimitives.Exp(e, e);
    }
}
