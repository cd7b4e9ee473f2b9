using System.Numerics.Tensors;

namespace SymGrad.Benchmarks.HandWritten;

/// <summary>
/// The SIMD baseline for Deep, as a careful engineer writes it with <see cref="TensorPrimitives"/>. Same math as
/// <see cref="DeepNet"/>: h_k = tanh(W_k·h_(k−1) + b_k), f = v · h3 + c; ḡ = 2(f − y), c̄ += ḡ, v̄ += ḡ h3, ∂L/∂h3 = ḡ v;
/// per layer k = 3, 2, 1: δ = ∂L/∂h_k ⊙ (1 − h_k ⊙ h_k), b̄_k += δ, W̄_k += δ h_(k−1)ᵀ, ∂L/∂h_(k−1) = W_kᵀ δ.
/// </summary>
public sealed class DeepSimdNet
{
    private readonly int _d, _h1, _h2, _h3;
    private readonly ArraySegment<double> _w1, _w2, _w3;  // row-major, each from a cache-line boundary
    private readonly double[] _b1, _b2, _b3, _v;
    private readonly double _c;
    private readonly double[] _a1, _a2, _a3;  // scratch: layer outputs
    private readonly double[] _g1, _g2, _g3;  // scratch: ∂L/∂h_k, then δ_k in place

    public DeepSimdNet(int d, int h1, int h2, int h3,
        ArraySegment<double> w1, double[] b1, ArraySegment<double> w2, double[] b2, ArraySegment<double> w3, double[] b3, double[] v, double c)
    {
        (_d, _h1, _h2, _h3) = (d, h1, h2, h3);
        (_w1, _b1, _w2, _b2, _w3, _b3, _v, _c) = (w1, b1, w2, b2, w3, b3, v, c);
        _a1 = new double[h1];
        _a2 = new double[h2];
        _a3 = new double[h3];
        _g1 = new double[h1];
        _g2 = new double[h2];
        _g3 = new double[h3];
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
        Layer(_w1.AsSpan(), _b1, x, _a1);
        Layer(_w2.AsSpan(), _b2, _a1, _a2);
        Layer(_w3.AsSpan(), _b3, _a2, _a3);
        return TensorPrimitives.Dot(_v, _a3) + _c;
    }

    /// <summary>Adds ∂L/∂θ into the Grad arrays and returns L.</summary>
    public double Gradient(ReadOnlySpan<double> x, double y)
    {
        double r = Forward(x) - y;
        double fBar = 2 * r;
        GradC[0] += fBar;
        TensorPrimitives.MultiplyAdd(_a3, fBar, GradV, GradV);  // v̄ += ḡ h3
        TensorPrimitives.Multiply(_v, fBar, _g3);               // ∂L/∂h3 = ḡ v
        Back(_g3, _a3, _w3.AsSpan(), GradW3, GradB3, _a2, _g2);
        Back(_g2, _a2, _w2.AsSpan(), GradW2, GradB2, _a1, _g1);
        Back(_g1, _a1, _w1.AsSpan(), GradW1, GradB1, x, Span<double>.Empty);
        return r * r;
    }

    // output = tanh(W·input + b): a dot product per row, then the bias and tanh over the whole vector.
    private static void Layer(ReadOnlySpan<double> w, double[] b, ReadOnlySpan<double> input, Span<double> output)
    {
        int n = input.Length;
        for (int i = 0; i < output.Length; i++) output[i] = TensorPrimitives.Dot(w.Slice(i * n, n), input);
        TensorPrimitives.Add(output, b, output);
        TensorPrimitives.Tanh(output, output);
    }

    // One layer's backward step: δ = g ⊙ (1 − h ⊙ h) (in place of g), b̄ += δ, and per row W̄[i,·] += δ_i input and,
    // unless inputBar is empty (the first layer), inputBar = Wᵀδ.
    private static void Back(Span<double> g, ReadOnlySpan<double> h, ReadOnlySpan<double> w, double[] gw, double[] gb,
        ReadOnlySpan<double> input, Span<double> inputBar)
    {
        int n = input.Length;
        Span<double> slope = stackalloc double[g.Length];
        TensorPrimitives.Multiply(h, h, slope);
        TensorPrimitives.Subtract(1.0, slope, slope);
        TensorPrimitives.Multiply(g, slope, g);
        TensorPrimitives.Add(gb, g, gb);
        inputBar.Clear();
        for (int i = 0; i < g.Length; i++)
        {
            Span<double> gRow = gw.AsSpan(i * n, n);
            TensorPrimitives.MultiplyAdd(input, g[i], gRow, gRow);
            if (!inputBar.IsEmpty) TensorPrimitives.MultiplyAdd(w.Slice(i * n, n), g[i], inputBar, inputBar);
        }
    }
}
