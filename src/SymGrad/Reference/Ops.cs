namespace SymGrad;

/// <summary>
/// The functions of the model language, with plain reference implementations so that a
/// <see cref="ModelAttribute">[Model]</see> method runs as ordinary C#. Import them with
/// <c>using static SymGrad.Ops;</c>. Each has a derivative rule in the generator's table of operations.
/// </summary>
public static class Ops
{
    /// <summary>Dot product <c>a · b = Σᵢ a[i]·b[i]</c>.</summary>
    public static double Dot(Vec a, Vec b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Dot(a, b): lengths {a.Length} and {b.Length} differ.", nameof(b));
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Sum of the entries, <c>Σᵢ a[i]</c>.</summary>
    public static double Sum(Vec a)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i];
        return s;
    }

    /// <summary>Index-sum notation: <c>Σ_{h=0}^{count−1} term(h)</c>, e.g. <c>Sum(v.Length, h =&gt; v[h] * …)</c>.</summary>
    public static double Sum(int count, Func<int, double> term)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(term);
        double s = 0;
        for (int h = 0; h < count; h++) s += term(h);
        return s;
    }

    /// <summary>The lecture's sqd node: squared distance <c>‖x − w‖² = Σᵢ (x[i] − w[i])²</c>.</summary>
    public static double SqDist(Vec x, Vec w)
    {
        if (x.Length != w.Length)
            throw new ArgumentException($"SqDist(x, w): lengths {x.Length} and {w.Length} differ.", nameof(w));
        double s = 0;
        for (int i = 0; i < x.Length; i++) { double d = x[i] - w[i]; s += d * d; }
        return s;
    }

    /// <summary>Row-wise squared distance: entry h is <c>‖W[h] − x‖²</c>.</summary>
    public static Vec SqDist(Mat w, Vec x)
    {
        var r = new double[w.Rows];
        for (int h = 0; h < w.Rows; h++) r[h] = SqDist(w[h], x);
        return Vec.Own(r);
    }

    /// <summary>Hyperbolic tangent.</summary>
    public static double Tanh(double a) => Math.Tanh(a);
    /// <summary>Entrywise hyperbolic tangent.</summary>
    public static Vec Tanh(Vec a) => Vec.Map(a, Math.Tanh);

    /// <summary>Exponential.</summary>
    public static double Exp(double a) => Math.Exp(a);
    /// <summary>Entrywise exponential.</summary>
    public static Vec Exp(Vec a) => Vec.Map(a, Math.Exp);

    /// <summary>Natural logarithm.</summary>
    public static double Log(double a) => Math.Log(a);
    /// <summary>Entrywise natural logarithm.</summary>
    public static Vec Log(Vec a) => Vec.Map(a, Math.Log);

    /// <summary>Logistic sigmoid <c>1 / (1 + e^(−a))</c>.</summary>
    public static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));
    /// <summary>Entrywise logistic sigmoid.</summary>
    public static Vec Sigmoid(Vec a) => Vec.Map(a, Sigmoid);

    /// <summary>Rectified linear unit <c>max(0, a)</c>; its subgradient at 0 is taken as 0.</summary>
    public static double Relu(double a) => a > 0 ? a : 0.0;
    /// <summary>Entrywise rectified linear unit.</summary>
    public static Vec Relu(Vec a) => Vec.Map(a, Relu);

    /// <summary>Square <c>a²</c>.</summary>
    public static double Square(double a) => a * a;
    /// <summary>Entrywise square.</summary>
    public static Vec Square(Vec a) => Vec.Map(a, Square);

    /// <summary>Square root.</summary>
    public static double Sqrt(double a) => Math.Sqrt(a);
    /// <summary>Entrywise square root.</summary>
    public static Vec Sqrt(Vec a) => Vec.Map(a, Math.Sqrt);

    /// <summary>Power with a constant exponent, <c>a^p</c>.</summary>
    public static double Pow(double a, double p) => Math.Pow(a, p);
    /// <summary>Entrywise power with a constant exponent.</summary>
    public static Vec Pow(Vec a, double p) => Vec.Map(a, v => Math.Pow(v, p));

    /// <summary>
    /// Sign of a score: 1, −1, or 0 (for 0 and NaN). The lecture's classifier <c>sign(f(x))</c>; not differentiable,
    /// so a model may use it only where no parameter's gradient flows through it.
    /// </summary>
    public static double Sign(double a) => a > 0 ? 1.0 : a < 0 ? -1.0 : 0.0;

    /// <summary><c>log Σᵢ e^(a[i])</c>, computed stably (shifted by the maximum): finite for scores of ±1e300.</summary>
    public static double LogSumExp(Vec a) => Kernels.LogSumExp(a.AsSpan());

    /// <summary><c>softmax(a)ᵢ = e^(a[i]) / Σⱼ e^(a[j])</c>, computed stably (shifted by the maximum).</summary>
    public static Vec Softmax(Vec a)
    {
        var r = new double[a.Length];
        Kernels.Softmax(a.AsSpan(), r);
        return Vec.Own(r);
    }

    /// <summary>
    /// <c>max(a, b)</c>. In a model its subgradient goes wholly to <paramref name="a"/> where a ≥ b (ties included) and to
    /// <paramref name="b"/> where a &lt; b. NaN in either gives NaN.
    /// </summary>
    public static double Max(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : a >= b ? a : b;
    /// <summary>Entrywise <see cref="Max(double, double)"/>.</summary>
    public static Vec Max(Vec a, Vec b) => Vec.Zip(a, b, Max, "Max(a, b)");
    /// <summary>Entrywise <see cref="Max(double, double)"/> against a scalar.</summary>
    public static Vec Max(Vec a, double b) => Vec.Map(a, v => Max(v, b));
    /// <summary>Entrywise <see cref="Max(double, double)"/> against a scalar.</summary>
    public static Vec Max(double a, Vec b) => Vec.Map(b, v => Max(a, v));

    /// <summary>
    /// <c>min(a, b)</c>. In a model its subgradient goes wholly to <paramref name="a"/> where a ≤ b (ties included) and to
    /// <paramref name="b"/> where a &gt; b. NaN in either gives NaN.
    /// </summary>
    public static double Min(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : a <= b ? a : b;
    /// <summary>Entrywise <see cref="Min(double, double)"/>.</summary>
    public static Vec Min(Vec a, Vec b) => Vec.Zip(a, b, Min, "Min(a, b)");
    /// <summary>Entrywise <see cref="Min(double, double)"/> against a scalar.</summary>
    public static Vec Min(Vec a, double b) => Vec.Map(a, v => Min(v, b));
    /// <summary>Entrywise <see cref="Min(double, double)"/> against a scalar.</summary>
    public static Vec Min(double a, Vec b) => Vec.Map(b, v => Min(a, v));

    /// <summary><c>|a|</c>. In a model its subgradient is sign(a), 0 at a = 0.</summary>
    public static double Abs(double a) => Math.Abs(a);
    /// <summary>Entrywise <see cref="Abs(double)"/>.</summary>
    public static Vec Abs(Vec a) => Vec.Map(a, Math.Abs);
}
