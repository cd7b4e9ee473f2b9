namespace SymGrad.Benchmarks.HandWritten;

/// <summary>
/// The baseline for Deep, written by hand: h1 = tanh(W1·x + b1), h2 = tanh(W2·h1 + b2), h3 = tanh(W3·h2 + b3),
/// f = v·h3 + c. Gradient of L = (y − f)²: ḡ = 2(f − y); c̄ += ḡ; v̄ += ḡ·h3; δ3 = ḡ·v ⊙ (1 − h3²);
/// then per layer k = 3, 2, 1: b̄k += δk, W̄k += δk·inputᵀ, δ(k−1) = (Wkᵀ·δk) ⊙ (1 − h(k−1)²).
/// </summary>
public sealed class DeepNet
{
    private readonly int _d, _h1, _h2, _h3;
    private readonly double[] _w1, _b1, _w2, _b2, _w3, _b3, _v;  // matrices row-major
    private readonly double _c;
    private readonly double[] _a1, _a2, _a3;  // scratch: layer outputs
    private readonly double[] _g1, _g2;       // scratch: back-propagated ∂L/∂h1, ∂L/∂h2

    public DeepNet(int d, int h1, int h2, int h3,
        double[] w1, double[] b1, double[] w2, double[] b2, double[] w3, double[] b3, double[] v, double c)
    {
        (_d, _h1, _h2, _h3) = (d, h1, h2, h3);
        (_w1, _b1, _w2, _b2, _w3, _b3, _v, _c) = (w1, b1, w2, b2, w3, b3, v, c);
        _a1 = new double[h1];
        _a2 = new double[h2];
        _a3 = new double[h3];
        _g1 = new double[h1];
        _g2 = new double[h2];
        GradW1 = new double[h1 * d];
        GradB1 = new double[h1];
        GradW2 = new double[h2 * h1];
        GradB2 = new double[h2];
        GradW3 = new double[h3 * h2];
        GradB3 = new double[h3];
        GradV = new double[h3];
        GradC = new double[1];
    }

    public double[] GradW1 { get; }
    public double[] GradB1 { get; }
    public double[] GradW2 { get; }
    public double[] GradB2 { get; }
    public double[] GradW3 { get; }
    public double[] GradB3 { get; }
    public double[] GradV { get; }
    public double[] GradC { get; }

    public double Forward(ReadOnlySpan<double> x)
    {
        Layer(_w1, _b1, x, _a1);
        Layer(_w2, _b2, _a1, _a2);
        Layer(_w3, _b3, _a2, _a3);
        double f = _c;
        for (int i = 0; i < _h3; i++) f += _v[i] * _a3[i];
        return f;
    }

    /// <summary>Adds ∂L/∂θ into the Grad arrays and returns L.</summary>
    public double Gradient(ReadOnlySpan<double> x, double y)
    {
        double f = Forward(x);
        double r = f - y;
        double fBar = 2 * r;
        GradC[0] += fBar;

        // Layer 3 and the read-out: δ3 needs only v and h3, so it is formed row by row.
        Array.Clear(_g2);
        for (int i = 0; i < _h3; i++)
        {
            GradV[i] += fBar * _a3[i];
            double delta = fBar * _v[i] * (1 - _a3[i] * _a3[i]);
            BackRow(delta, i, _h2, _w3, GradW3, GradB3, _a2, _g2);
        }

        Array.Clear(_g1);
        for (int i = 0; i < _h2; i++)
        {
            double delta = _g2[i] * (1 - _a2[i] * _a2[i]);
            BackRow(delta, i, _h1, _w2, GradW2, GradB2, _a1, _g1);
        }

        for (int i = 0; i < _h1; i++)
        {
            double delta = _g1[i] * (1 - _a1[i] * _a1[i]);
            GradB1[i] += delta;
            Span<double> gRow = GradW1.AsSpan(i * _d, _d);
            for (int j = 0; j < gRow.Length; j++) gRow[j] += delta * x[j];
        }
        return r * r;
    }

    // output[i] = tanh(W[i,·]·input + b[i])
    private static void Layer(double[] w, double[] b, ReadOnlySpan<double> input, double[] output)
    {
        int n = input.Length;
        for (int i = 0; i < output.Length; i++)
        {
            ReadOnlySpan<double> row = w.AsSpan(i * n, n);
            double a = b[i];
            for (int j = 0; j < row.Length; j++) a += row[j] * input[j];
            output[i] = Math.Tanh(a);
        }
    }

    // Row i of a layer's backward step, fused into one pass: W̄[i,·] += δ·input and inputBar += δ·W[i,·].
    private static void BackRow(double delta, int i, int n, double[] w, double[] gw, double[] gb,
        double[] input, double[] inputBar)
    {
        gb[i] += delta;
        ReadOnlySpan<double> row = w.AsSpan(i * n, n);
        Span<double> gRow = gw.AsSpan(i * n, n);
        for (int j = 0; j < row.Length; j++)
        {
            gRow[j] += delta * input[j];
            inputBar[j] += delta * row[j];
        }
    }
}
