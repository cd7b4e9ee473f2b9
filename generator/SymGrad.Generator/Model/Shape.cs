namespace SymGrad.Generator.Model;

/// <summary>The shape of a value: a scalar (rank 0), a vector of length <see cref="Rows"/> (rank 1) or a matrix.</summary>
internal readonly record struct Shape(int Rank, Dim Rows, Dim Columns)
{
    public static readonly Shape Scalar = new(0, default, default);

    public static Shape Vector(Dim length) => new(1, length, default);

    public static Shape Matrix(Dim rows, Dim columns) => new(2, rows, columns);

    public bool IsScalar => Rank == 0;

    public bool IsVector => Rank == 1;

    public bool IsMatrix => Rank == 2;

    /// <summary>How the lecture writes it: a scalar, "length H", "H×D".</summary>
    public string Describe() => Rank switch
    {
        0 => "a scalar",
        1 => $"length {Rows}",
        _ => $"{Rows}×{Columns}",
    };
}
