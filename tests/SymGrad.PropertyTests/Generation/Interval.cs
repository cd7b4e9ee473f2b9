namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// A conservative bound on every entry of a generated expression, given parameters and inputs in [−1, 1].
/// The generator uses it to keep domains safe by construction (Log of ≥ 0.5, Relu away from its kink).
/// </summary>
public readonly record struct Interval(double Lo, double Hi)
{
    public static readonly Interval Unit = new(-1, 1);

    public double Magnitude => Math.Max(Math.Abs(Lo), Math.Abs(Hi));

    public static Interval Point(double v) => new(v, v);

    public static Interval operator +(Interval a, Interval b) => new(a.Lo + b.Lo, a.Hi + b.Hi);
    public static Interval operator -(Interval a, Interval b) => new(a.Lo - b.Hi, a.Hi - b.Lo);
    public static Interval operator -(Interval a) => new(-a.Hi, -a.Lo);

    public static Interval operator *(Interval a, Interval b)
    {
        double p = a.Lo * b.Lo, q = a.Lo * b.Hi, r = a.Hi * b.Lo, s = a.Hi * b.Hi;
        return new(Math.Min(Math.Min(p, q), Math.Min(r, s)), Math.Max(Math.Max(p, q), Math.Max(r, s)));
    }

    /// <summary>Only defined for a divisor that excludes 0, which the generator guarantees.</summary>
    public static Interval operator /(Interval a, Interval b) => a * new Interval(1 / b.Hi, 1 / b.Lo);

    /// <summary>A sum of n terms each in this interval.</summary>
    public Interval Times(int n) => new(Lo * n, Hi * n);

    /// <summary>The image under a monotone increasing function.</summary>
    public Interval Map(Func<double, double> increasing) => new(increasing(Lo), increasing(Hi));

    public Interval Square() => Lo >= 0 ? new(Lo * Lo, Hi * Hi) : Hi <= 0 ? new(Hi * Hi, Lo * Lo) : new(0, Magnitude * Magnitude);
}
