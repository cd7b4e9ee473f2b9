namespace SymGrad.Benchmarks.HandWritten;

/// <summary>
/// The baseline for Rbf, written by hand: f(x) = Σ_h v[h]·e_h, e_h = exp(−γ[h]·s_h), s_h = ‖W[h,·] − x‖².
/// Gradient of L = (y − f)²: ḡ = 2(f − y); v̄[h] += ḡ·e_h; γ̄[h] += −ḡ·v[h]·e_h·s_h;
/// W̄[h,·] += −2·γ[h]·ḡ·v[h]·e_h·(W[h,·] − x).
/// </summary>
public sealed class RbfNet
{
    private readonly int _h;
    private readonly int _d;
    private readonly double[] _w;  // H×D, row-major: the centres
    private readonly double[] _gamma;
    private readonly double[] _v;
    private readonly double[] _s;  // scratch: squared distances
    private readonly double[] _e;  // scratch: exp(−γ·s)

    public RbfNet(int h, int d, double[] w, double[] gamma, double[] v)
    {
        _h = h;
        _d = d;
        _w = w;
        _gamma = gamma;
        _v = v;
        _s = new double[h];
        _e = new double[h];
        GradW = new double[h * d];
        GradGamma = new double[h];
        GradV = new double[h];
    }

    public double[] GradW { get; }
    public double[] GradGamma { get; }
    public double[] GradV { get; }

    public double Forward(ReadOnlySpan<double> x)
    {
        double f = 0;
        for (int h = 0; h < _h; h++)
        {
            ReadOnlySpan<double> row = _w.AsSpan(h * _d, _d);
            double s = 0;
            for (int j = 0; j < row.Length; j++) { double diff = row[j] - x[j]; s += diff * diff; }
            f += _v[h] * Math.Exp(-_gamma[h] * s);
        }
        return f;
    }

    /// <summary>Adds ∂L/∂θ into GradW, GradGamma, GradV and returns L.</summary>
    public double Gradient(ReadOnlySpan<double> x, double y)
    {
        double[] s = _s, e = _e;
        double f = 0;
        for (int h = 0; h < _h; h++)
        {
            ReadOnlySpan<double> row = _w.AsSpan(h * _d, _d);
            double sum = 0;
            for (int j = 0; j < row.Length; j++) { double diff = row[j] - x[j]; sum += diff * diff; }
            s[h] = sum;
            e[h] = Math.Exp(-_gamma[h] * sum);
            f += _v[h] * e[h];
        }

        double r = f - y;
        double fBar = 2 * r;
        for (int h = 0; h < _h; h++)
        {
            double ve = fBar * _v[h] * e[h];
            GradV[h] += fBar * e[h];
            GradGamma[h] -= ve * s[h];
            double k = -2 * _gamma[h] * ve;
            ReadOnlySpan<double> row = _w.AsSpan(h * _d, _d);
            Span<double> gRow = GradW.AsSpan(h * _d, _d);
            for (int j = 0; j < gRow.Length; j++) gRow[j] += k * (row[j] - x[j]);
        }
        return r * r;
    }
}
