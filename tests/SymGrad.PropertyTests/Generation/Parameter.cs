namespace SymGrad.PropertyTests.Generation;

/// <summary>A learnable parameter of a generated model: a double (no dims), a Vec (one) or a Mat (rows, columns).</summary>
public sealed record Parameter(string Name, Dim[] Dims)
{
    public string Declaration => Dims.Length switch
    {
        0 => $"double {Name}",
        1 => $"[Shape(\"{Dims[0].Text}\")] Vec {Name}",
        _ => $"[Shape(\"{Dims[0].Text}\", \"{Dims[1].Text}\")] Mat {Name}",
    };
}
