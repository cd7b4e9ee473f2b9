using System.Globalization;
using CsCheck;

namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// The state of generating one model: its dims, the parameters and locals created so far, and the
/// helpers that keep every sub-expression well-shaped and inside a safe domain by construction.
/// </summary>
public sealed class ModelBuilder
{
    // Entries of any node stay within ±Cap, so the loss stays small and finite differences stay accurate.
    private const double Cap = 20;

    private readonly PCG _random;
    private readonly List<Parameter> _parameters = new();
    private readonly List<(string Name, ValueType Type, Expr Value)> _locals = new();
    private int _names;

    public ModelBuilder(PCG random, Dim[] dims, Dim inputDim)
    {
        _random = random;
        Dims = dims;
        InputDim = inputDim;
    }

    public Dim[] Dims { get; }
    public Dim InputDim { get; }

    /// <summary>Whether some op ties the input's length to a declared dim, so it may be left undeclared.</summary>
    public bool InputInferable { get; private set; }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    public int Next(int n) => (int)_random.Next((uint)n);
    public bool Chance(int percent) => Next(100) < percent;
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
    public Dim AnyDim() => Pick(Dims);

    /// <summary>A random expression of type <paramref name="type"/> with at most <paramref name="depth"/> levels of ops.</summary>
    public Expr Generate(ValueType type, int depth)
    {
        if (depth <= 0 || Chance(20)) return Leaf(type);
        var candidates = OpCatalogue.All.Where(o => o.Produces(type)).ToList();
        int pick = Next(candidates.Sum(o => o.Weight));
        foreach (var op in candidates)
        {
            if (pick < op.Weight) return Capped(op.Build(this, type, depth - 1));
            pick -= op.Weight;
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>A parameter, a local, a constant or the input.</summary>
    public Expr Leaf(ValueType type)
    {
        var locals = _locals.Where(l => l.Type == type).ToList();
        if (locals.Count > 0 && Chance(40))
        {
            var (name, t, value) = Pick(locals);
            return Reuse(new Expr(name, t, value.Range, 1, value.Anchored, value.UsesX));
        }
        if (type.IsScalar)
            return Chance(50) ? Constant(Pick(new[] { 0.5, 1, 2, 1.5, 0.25, 3, 0.75 })) : Use(NewOrExisting(Array.Empty<Dim>(), "c"), type);
        if (type.Dim == InputDim && Chance(50)) return new Expr("x", type, Interval.Unit, 1, Anchored: false, UsesX: true);
        return Use(NewOrExisting(new[] { type.Dim! }, "v"), type);
    }

    public Expr Constant(double value)
    {
        string code = value.ToString("R", CultureInfo.InvariantCulture);
        if (Chance(20) && !code.Contains('.')) code += ".0";
        return new Expr(code, ValueType.Scalar, Interval.Point(value), 1, true, false);
    }

    /// <summary>A matrix parameter with the given rows and columns, reused when one exists.</summary>
    public string Matrix(Dim rows, Dim columns) => NewOrExisting(new[] { rows, columns }, "W").Name;

    /// <summary>Declares a local holding <paramref name="value"/>; later leaves may read it. Returns its name.</summary>
    public string Local(ValueType type, Expr value)
    {
        string name = (type.IsScalar ? "s" : "h") + _locals.Count;
        _locals.Add((name, type, value));
        return name;
    }

    public void TieInput(params Expr[] operands)
    {
        if (operands.Any(o => !o.Type.IsScalar && !o.Anchored && o.UsesX) && operands.Any(o => o.Anchored)) InputInferable = true;
    }

    /// <summary>
    /// Whether two paths from a parameter to the result may have identical adjoints (c0 + c0, v * v, a + (a + 1)).
    /// Off while the generator counts such contributions once (Regressions/GeneratorBugs: *_adjoint*): then every
    /// reuse of a parameter or local is scaled by a constant of its own, and matrices are not reused. Turn on once fixed.
    /// </summary>
    public const bool AllowIdenticalAdjointPaths = true;

    /// <summary>Entries ≥ 0.5: unchanged when already so, else shifted by a constant (for Log, Sqrt, Pow, divisors).</summary>
    public Expr Positive(Expr e)
    {
        if (e.Range.Lo >= 0.5) return e;
        double shift = Math.Ceiling(0.5 - e.Range.Lo);
        return Expr.Node($"({e.Code} + {Literal(shift)})", e.Type, e.Range + Interval.Point(shift), e);
    }

    /// <summary>Entries with |a| ≥ 0.5 and one sign: keeps Relu away from its kink and divisors away from 0.</summary>
    public Expr AwayFromZero(Expr e)
    {
        if (e.Range.Lo >= 0.5 || e.Range.Hi <= -0.5) return e;
        if (Chance(50)) return Positive(e);
        double shift = Math.Ceiling(e.Range.Hi + 0.5);
        return Expr.Node($"({e.Code} - {Literal(shift)})", e.Type, e.Range - Interval.Point(shift), e);
    }

    /// <summary>Entries within ±<paramref name="limit"/>: squashed by Tanh or scaled by a constant when not.</summary>
    public Expr Bounded(Expr e, double limit)
    {
        if (e.Range.Magnitude <= limit) return e;
        if (Chance(50)) return Expr.Node($"Tanh({e.Code})", e.Type, e.Range.Map(Math.Tanh), e);
        double divisor = Math.Ceiling(e.Range.Magnitude / limit);
        return Expr.Node($"({e.Code} / {Literal(divisor)})", e.Type, e.Range / Interval.Point(divisor), e);
    }

    private Expr Capped(Expr e) => Bounded(e, Cap);

    private Expr Use(Parameter p, ValueType type) => Reuse(new Expr(p.Name, type, Interval.Unit, 1, Anchored: true, UsesX: false));

    private readonly Dictionary<string, int> _uses = new();

    /// <summary>The n-th use of a name: bare the first time, else (see <see cref="AllowIdenticalAdjointPaths"/>) scaled by 1 + n/2.</summary>
    private Expr Reuse(Expr leaf)
    {
        int n = _uses.TryGetValue(leaf.Code, out int used) ? used : 0;
        _uses[leaf.Code] = n + 1;
        if (AllowIdenticalAdjointPaths || n == 0) return leaf;
        double k = 1 + n / 2.0;
        return Expr.Node($"({Literal(k)} * {leaf.Code})", leaf.Type, Interval.Point(k) * leaf.Range, leaf);
    }

    private Parameter NewOrExisting(Dim[] dims, string prefix)
    {
        var existing = _parameters.Where(p => p.Dims.SequenceEqual(dims) && (AllowIdenticalAdjointPaths || dims.Length < 2)).ToList();
        if (existing.Count > 0 && Chance(50)) return Pick(existing);
        var p = new Parameter(prefix + _names++, dims);
        _parameters.Add(p);
        return p;
    }

    public static string Literal(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
