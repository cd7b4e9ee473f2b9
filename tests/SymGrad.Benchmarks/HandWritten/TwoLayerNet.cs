namespace SymGrad.Benchmarks.HandWritten;

/// <summary>
/// The baseline for TwoLayer, written by hand: f(x) = Σ_h v[h]·tanh(a_h), a_h = Σ_j W[h,j]·x[j] + b[h].
/// Gradient of L = (y − f)²: ḡ = 2(f − y); v̄[h] += ḡ·t_h; δ_h = ḡ·v[h]·(1 − t_h²); b̄[h] += δ_h; W̄[h,·] += δ_h·x.
/// </summary>
public sealed class TwoLayerNet
{
    private readonly int _h;
    private readonly int _d;
    private readonly double[] _w;  // H×D, row-major
    private readonly double[] _b;
    private readonly double[] _v;
    private readonly double[] _t;  // scratch: tanh(a_h) from the forward sweep

    public TwoLayerNet(int h, int d, double[] w, double[] b, double[] v)
    {
        _h = h;
        _d = d;
        _w = w;
        _b = b;
        _v = v;
        _t = new double[h];
        GradW = new double[h * d];
        GradB = new double[h];
        GradV = new double[h];
    }

    public double[] GradW { get; }
    public double[] GradB { get; }
    public double[] GradV { get; }

    public double Forward(ReadOnlySpan<double> x)
    {
        double f = 0;
        for (int h = 0; h < _h; h++)
        {
            ReadOnlySpan<double> row = _w.AsSpan(h * _d, _d);
            double a = _b[h];
            for (int j = 0; j < row.Length; j++) a += row[j] * x[j];
            f += _v[h] * Math.Tanh(a);
        }
        return f;
    }

    /// <summary>Adds ∂L/∂θ into GradW, GradB, GradV and returns L.</summary>
    public double Gradient(ReadOnlySpan<double> x, double y)
    {
        double[] t = _t;
        double f = 0;
        for (int h = 0; h < _h; h++)
        {
            ReadOnlySpan<double> row = _w.AsSpan(h * _d, _d);
            double a = _b[h];
            for (int j = 0; j < row.Length; j++) a += row[j] * x[j];
            t[h] = Math.Tanh(a);
            f += _v[h] * t[h];
        }

        double r = f - y;
        double fBar = 2 * r;
        for (int h = 0; h < _h; h++)
        {
            GradV[h] += fBar * t[h];
            double delta = fBar * _v[h] * (1 - t[h] * t[h]);
            GradB[h] += delta;
            Span<double> gRow = GradW.AsSpan(h * _d, _d);
            for (int j = 0; j < gRow.Length; j++) gRow[j] += delta * x[j];
        }
        return r * r;
    }
}
