using System.Numerics.Tensors;

namespace SymGrad.Benchmarks.HandWritten;

/// <summary>
/// The SIMD baseline for TwoLayer, as a careful engineer writes it with <see cref="TensorPrimitives"/>: every pass
/// over a vector or a matrix row at least a vector long is one vectorised call; rows shorter than a vector (D = 2) are
/// plain loops (<see cref="ShortRows"/>). Same math as <see cref="TwoLayerNet"/>:
/// a = W·x + b, t = tanh(a), f = v · t; ḡ = 2(f − y), v̄ += ḡ t, δ = ḡ v ⊙ (1 − t ⊙ t), b̄ += δ, W̄ += δ xᵀ.
/// </summary>
public sealed class TwoLayerSimdNet
{
    private readonly int _h;
    private readonly int _d;
    private readonly ArraySegment<double> _w;  // H×D, row-major, from a cache-line boundary
    private readonly double[] _b;
    private readonly double[] _v;
    private readonly double[] _t;      // scratch: tanh(a)
    private readonly double[] _delta;  // scratch: δ

    public TwoLayerSimdNet(int h, int d, ArraySegment<double> w, double[] b, double[] v)
    {
        (_h, _d, _w, _b, _v) = (h, d, w, b, v);
        _t = new double[h];
        _delta = new double[h];
        GradW = new double[h * d];
        GradB = new double[h];
        GradV = new double[h];
    }

    public double[] GradW { get; }
    public double[] GradB { get; }
    public double[] GradV { get; }

    public double Forward(ReadOnlySpan<double> x)
    {
        Hidden(x, _t);
        return TensorPrimitives.Dot(_v, _t);
    }

    /// <summary>
    /// <see cref="Forward"/> as a careful engineer writes it for a model served from many threads at once, as generated
    /// models are: the scratch vector on the caller's stack (on the heap past 512 entries), not in the instance.
    /// </summary>
    public double ForwardThreadSafe(ReadOnlySpan<double> x)
    {
        Span<double> t = _h <= 512 ? stackalloc double[_h] : new double[_h];
        Hidden(x, t);
        return TensorPrimitives.Dot(_v, t);
    }

    /// <summary>Adds ∂L/∂θ into GradW, GradB, GradV and returns L.</summary>
    public double Gradient(ReadOnlySpan<double> x, double y)
    {
        Span<double> t = _t, delta = _delta;
        Hidden(x, t);
        double r = TensorPrimitives.Dot(_v, t) - y;
        double fBar = 2 * r;

        TensorPrimitives.MultiplyAdd(t, fBar, GradV, GradV);       // v̄ += ḡ t
        TensorPrimitives.Multiply(t, t, delta);                     // δ = ḡ v ⊙ (1 − t ⊙ t)
        TensorPrimitives.Subtract(1.0, delta, delta);
        TensorPrimitives.Multiply(delta, _v, delta);
        TensorPrimitives.Multiply(delta, fBar, delta);
        TensorPrimitives.Add(GradB, delta, GradB);                  // b̄ += δ
        for (int h = 0; h < _h; h++)                                // W̄ += δ xᵀ, row by row
        {
            Span<double> gRow = GradW.AsSpan(h * _d, _d);
            if (_d >= ShortRows.Length) TensorPrimitives.MultiplyAdd(x, delta[h], gRow, gRow);
            else ShortRows.AddScaled(gRow, delta[h], x);
        }
        return r * r;
    }

    // t = tanh(W·x + b): one dot product per row, then the bias and tanh over the whole vector.
    private void Hidden(ReadOnlySpan<double> x, Span<double> t)
    {
        ReadOnlySpan<double> w = _w.AsSpan();
        for (int h = 0; h < _h; h++)
            t[h] = _d >= ShortRows.Length ? TensorPrimitives.Dot(w.Slice(h * _d, _d), x) : ShortRows.Dot(w.Slice(h * _d, _d), x);
        TensorPrimitives.Add(t, _b, t);
        TensorPrimitives.Tanh(t, t);
    }
}
