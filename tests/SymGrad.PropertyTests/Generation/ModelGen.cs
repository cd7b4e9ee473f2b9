using CsCheck;

namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// CsCheck generator of well-shaped models. Its Size is the model's node count plus its dims, so CsCheck's
/// shrinker, which keeps failing cases of smaller Size, converges on small models with small dimensions.
/// </summary>
public sealed class ModelGen : Gen<ModelSpec>
{
    private static readonly string[] s_dimNames = { "D", "H", "K", "M" };

    /// <summary>Models the generator must accept: Sign only off the gradient path, and half of them with a random [Loss].</summary>
    public static readonly ModelGen Instance = new(signAnywhere: false);

    /// <summary>Models whose Sign may take parameters, for the SG0014 check; no losses.</summary>
    public static readonly ModelGen SignAnywhere = new(signAnywhere: true);

    private readonly bool _signAnywhere;

    private ModelGen(bool signAnywhere) => _signAnywhere = signAnywhere;

    public override ModelSpec Generate(PCG pcg, Size? min, out Size size)
    {
        var dims = Dims(pcg);
        var m = new ModelBuilder(pcg, dims, dims[(int)pcg.Next((uint)dims.Length)], signAnywhere: _signAnywhere);
        int depth = 1 + (int)pcg.Next(4);

        var locals = new List<(string Declaration, Expr Value)>();
        int localCount = m.Chance(50) ? 0 : 1 + m.Next(3);
        for (int k = 0; k < localCount; k++)
        {
            var type = m.Chance(40) ? ValueType.Scalar : ValueType.Vector(m.AnyDim());
            var value = m.Generate(type, depth);
            locals.Add((m.Local(type, value, useVar: m.Chance(60)), value));
        }
        // Bounded to ±10: the range a generated loss is built for.
        var result = m.Bounded(m.Generate(ValueType.Scalar, depth), 10);

        bool usesX = result.UsesX || locals.Any(l => l.Value.UsesX);
        bool declared = !usesX || !m.InputInferable || m.Chance(50);
        var loss = !_signAnywhere && m.Chance(50) ? LossGen.Generate(pcg) : null;
        int nodes = result.Nodes + locals.Sum(l => l.Value.Nodes) + (loss?.Nodes ?? 0);
        var spec = new ModelSpec(m.InputDim!, declared, m.Parameters.ToArray(), locals, result, 0) { Loss = loss };
        int dimWeight = spec.NamedDims.Values.Sum() + dims.Where(d => !d.IsNamed).Sum(d => d.Size);
        size = new Size((ulong)(nodes * 16 + locals.Count * 4 + (loss is null ? 0 : 8) + dimWeight));
        return spec with { Size = nodes, ValueSeed = pcg.Next64() };
    }

    /// <summary>One to three dims, each a name sized 1–4 or a constant 1–4, all distinct.</summary>
    public static Dim[] Dims(PCG pcg)
    {
        int count = 1 + (int)pcg.Next(3);
        var dims = new List<Dim>();
        var names = s_dimNames.OrderBy(_ => pcg.Next()).ToList();
        while (dims.Count < count)
        {
            int size = 1 + (int)pcg.Next(4);
            var dim = pcg.Next(3) == 0 ? new Dim(size.ToString(System.Globalization.CultureInfo.InvariantCulture), size) : new Dim(names[dims.Count], size);
            if (!dims.Any(d => d.Text == dim.Text)) dims.Add(dim);
        }
        return dims.ToArray();
    }
}
