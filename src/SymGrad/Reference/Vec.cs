using System.Globalization;

namespace SymGrad;

/// <summary>
/// A vector of doubles with a plain reference implementation of the model language's operators.
/// It lets a <see cref="ModelAttribute">[Model]</see> method run as ordinary C# (slowly, allocating),
/// which is the oracle the generated <c>Forward</c> is tested against.
/// </summary>
public sealed class Vec
{
    private readonly double[] _values;

    /// <summary>Creates a vector holding a copy of <paramref name="values"/>.</summary>
    public Vec(params ReadOnlySpan<double> values) => _values = values.ToArray();

    private Vec(double[] values, bool _) => _values = values;

    /// <summary>The number of entries.</summary>
    public int Length => _values.Length;

    /// <summary>The entry at <paramref name="index"/>.</summary>
    public double this[int index] => _values[index];

    /// <summary>The entries as a read-only span.</summary>
    public ReadOnlySpan<double> AsSpan() => _values;

    internal static Vec Own(double[] values) => new(values, true);

    internal static Vec Map(Vec a, Func<double, double> f)
    {
        var r = new double[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = f(a._values[i]);
        return Own(r);
    }

    internal static Vec Zip(Vec a, Vec b, Func<double, double, double> f, string operation)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"{operation}: lengths {a.Length} and {b.Length} differ.", nameof(b));
        var r = new double[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = f(a._values[i], b._values[i]);
        return Own(r);
    }

    /// <summary>Entrywise sum.</summary>
    public static Vec operator +(Vec a, Vec b) => Zip(a, b, static (p, q) => p + q, "a + b");
    /// <summary>Adds a scalar to every entry.</summary>
    public static Vec operator +(Vec a, double s) => Map(a, p => p + s);
    /// <summary>Adds a scalar to every entry.</summary>
    public static Vec operator +(double s, Vec a) => Map(a, p => s + p);
    /// <summary>Entrywise difference.</summary>
    public static Vec operator -(Vec a, Vec b) => Zip(a, b, static (p, q) => p - q, "a - b");
    /// <summary>Subtracts a scalar from every entry.</summary>
    public static Vec operator -(Vec a, double s) => Map(a, p => p - s);
    /// <summary>Subtracts every entry from a scalar.</summary>
    public static Vec operator -(double s, Vec a) => Map(a, p => s - p);
    /// <summary>Entrywise negation.</summary>
    public static Vec operator -(Vec a) => Map(a, static p => -p);
    /// <summary>Pointwise (Hadamard) product, the lecture's ⊙.</summary>
    public static Vec operator *(Vec a, Vec b) => Zip(a, b, static (p, q) => p * q, "a ⊙ b");
    /// <summary>Scales every entry.</summary>
    public static Vec operator *(double s, Vec a) => Map(a, p => s * p);
    /// <summary>Scales every entry.</summary>
    public static Vec operator *(Vec a, double s) => Map(a, p => p * s);
    /// <summary>Entrywise quotient.</summary>
    public static Vec operator /(Vec a, Vec b) => Zip(a, b, static (p, q) => p / q, "a / b");
    /// <summary>Divides every entry by a scalar.</summary>
    public static Vec operator /(Vec a, double s) => Map(a, p => p / s);
    /// <summary>Divides a scalar by every entry.</summary>
    public static Vec operator /(double s, Vec a) => Map(a, p => s / p);

    /// <inheritdoc/>
    public override string ToString() =>
        "[" + string.Join(", ", _values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
