namespace SymGrad;

/// <summary>
/// A row-major matrix of doubles with a plain reference implementation of matrix·vector.
/// Like <see cref="Vec"/>, it exists so that a model method also runs as ordinary C#.
/// </summary>
public sealed class Mat
{
    private readonly double[] _values;

    /// <summary>Creates a <paramref name="rows"/>×<paramref name="columns"/> matrix from row-major values.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold rows·columns entries.</exception>
    public Mat(int rows, int columns, ReadOnlySpan<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (values.Length != rows * columns)
            throw new ArgumentException($"Expected {rows}×{columns} = {rows * columns} values, got {values.Length}.", nameof(values));
        Rows = rows;
        Columns = columns;
        _values = values.ToArray();
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>The entry at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public double this[int row, int column]
    {
        get
        {
            if ((uint)column >= (uint)Columns) throw new ArgumentOutOfRangeException(nameof(column));
            return _values[row * Columns + column];
        }
    }

    /// <summary>Row <paramref name="row"/> as a vector (the lecture's <c>w_h</c>).</summary>
    public Vec this[int row] => new(_values.AsSpan(row * Columns, Columns));

    /// <summary>Matrix·vector product.</summary>
    /// <exception cref="ArgumentException">The vector's length is not the number of columns.</exception>
    public static Vec operator *(Mat w, Vec x)
    {
        if (x.Length != w.Columns)
            throw new ArgumentException($"W * x: W is {w.Rows}×{w.Columns} but x has length {x.Length}.", nameof(x));
        var r = new double[w.Rows];
        for (int i = 0; i < w.Rows; i++)
        {
            double s = 0;
            for (int j = 0; j < w.Columns; j++) s += w._values[i * w.Columns + j] * x[j];
            r[i] = s;
        }
        return Vec.Own(r);
    }
}
