using CsCheck;

namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// CsCheck generator of well-shaped models. Its Size is the model's node count plus its dims, so CsCheck's
/// shrinker, which keeps failing cases of smaller Size, converges on small models with small dimensions.
/// </summary>
public sealed class ModelGen : Gen<ModelSpec>
{
    private static readonly string[] s_dimNames = { "D", "H", "K", "M" };

    public static readonly ModelGen Instance = new();

    public override ModelSpec Generate(PCG pcg, Size? min, out Size size)
    {
        var dims = Dims(pcg);
        var m = new ModelBuilder(pcg, dims, dims[(int)pcg.Next((uint)dims.Length)]);
        int depth = 1 + (int)pcg.Next(4);

        var locals = new List<(string Declaration, string Name, Expr Value)>();
        int localCount = m.Chance(50) ? 0 : 1 + m.Next(3);
        for (int k = 0; k < localCount; k++)
        {
            var type = m.Chance(40) ? ValueType.Scalar : ValueType.Vector(m.AnyDim());
            var value = m.Generate(type, depth);
            string name = m.Local(type, value);
            string keyword = m.Chance(60) ? "var" : type.IsScalar ? "double" : "Vec";
            locals.Add(($"{keyword} {name}", name, value));
        }
        var result = m.Generate(ValueType.Scalar, depth);
        if (!AllowUnusedParameters) result = UseEverything(m, result, locals);
        result = m.Bounded(result, 10);

        bool usesX = result.UsesX || locals.Any(l => l.Value.UsesX);
        bool declared = !usesX || !m.InputInferable || m.Chance(50);
        int nodes = result.Nodes + locals.Sum(l => l.Value.Nodes);
        var spec = new ModelSpec(m.InputDim, declared, m.Parameters.ToArray(), locals.Select(l => (l.Declaration, l.Value)).ToList(), result, 0);
        int dimWeight = spec.NamedDims.Values.Sum() + dims.Where(d => !d.IsNamed).Sum(d => d.Size);
        size = new Size((ulong)(nodes * 16 + locals.Count * 4 + dimWeight));
        return spec with { Size = nodes, ValueSeed = pcg.Next64() };
    }

    /// <summary>
    /// Whether a model may have a parameter (or input) its result does not depend on. Off while the generator
    /// emits uncompilable code for one (Regressions/GeneratorBugs.Unused_parameter_*); turn on once fixed.
    /// </summary>
    public const bool AllowUnusedParameters = true;

    /// <summary>Adds to the result every local no later code reads, and the input, so every parameter reaches it.</summary>
    private static Expr UseEverything(ModelBuilder m, Expr result, List<(string Declaration, string Name, Expr Value)> locals)
    {
        for (int k = locals.Count - 1; k >= 0; k--)
        {
            string name = locals[k].Name;
            if (Mentions(result.Code, name) || locals.Skip(k + 1).Any(l => Mentions(l.Value.Code, name))) continue;
            var local = locals[k].Value with { Code = name, Nodes = 1 };
            result = Add(m, result, local.Type.IsScalar ? local : Expr.Node($"Sum({name})", ValueType.Scalar, local.Range.Times(local.Type.Dim!.Size), local));
        }
        if (!result.UsesX && !locals.Any(l => l.Value.UsesX))
        {
            var x = new Expr("x", ValueType.Vector(m.InputDim), Interval.Unit, 1, Anchored: false, UsesX: true);
            result = Add(m, result, Expr.Node("Sum(x)", ValueType.Scalar, Interval.Unit.Times(m.InputDim.Size), x));
        }
        return result;
    }

    private static Expr Add(ModelBuilder m, Expr a, Expr b)
    {
        b = m.Bounded(b, 20);
        return Expr.Node($"({a.Code} + {b.Code})", ValueType.Scalar, a.Range + b.Range, a, b);
    }

    private static bool Mentions(string code, string name) => System.Text.RegularExpressions.Regex.IsMatch(code, $@"\b{name}\b");

    /// <summary>One to three dims, each a name sized 1–4 or a constant 1–4, all distinct.</summary>
    private static Dim[] Dims(PCG pcg)
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
