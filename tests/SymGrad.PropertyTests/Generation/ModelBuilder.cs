using System.Globalization;
using CsCheck;

namespace SymGrad.PropertyTests.Generation;

/// <summary>The score and target parameter names of a generated [Loss] method L(g, y).</summary>
public sealed record LossSignature(string Score, string Target);

/// <summary>Inside <c>Sum(owner.Length, index => …)</c>: the index's name, the dim it runs over and what fixes that range.</summary>
public sealed record IndexScope(string Name, Dim Dim, Expr Owner);

/// <summary>
/// The state of generating one model (or one [Loss] method): its dims, the parameters and locals created so far,
/// and the helpers that keep every sub-expression well-shaped and inside a safe domain by construction.
/// </summary>
public sealed class ModelBuilder
{
    // Entries of any node stay within ±Cap, so the loss stays small and finite differences stay accurate.
    private const double Cap = 20;

    // A generated loss sees the model's score within ±10 (ModelGen bounds every result so).
    public static readonly Interval ScoreRange = new(-10, 10);

    private readonly PCG _random;
    private readonly List<Parameter> _parameters = new();
    private readonly List<(string Name, ValueType Type, Expr Value, bool Integer)> _locals = new();
    private int _names;

    public ModelBuilder(PCG random, Dim[] dims, Dim? inputDim, LossSignature? loss = null, bool signAnywhere = false)
    {
        _random = random;
        Dims = dims;
        InputDim = inputDim;
        Loss = loss;
        SignAnywhere = signAnywhere;
    }

    public Dim[] Dims { get; }

    /// <summary>The input x's length; null for a [Loss], whose input is the scalar target.</summary>
    public Dim? InputDim { get; }

    /// <summary>Set when generating a [Loss] method: its leaves are the score, the target and constants.</summary>
    public LossSignature? Loss { get; }

    /// <summary>
    /// Lets Sign take any argument, so it may lie on the gradient path (the SG0014 check). Otherwise Sign's argument
    /// is built from the input and constants only, where the generator must accept it.
    /// </summary>
    public bool SignAnywhere { get; }

    /// <summary>Generating Sign's argument: only the input, constants and locals that depend on no parameter.</summary>
    public bool InputOnly { get; private set; }

    /// <summary>Inside an index sum's term; index sums do not nest.</summary>
    public IndexScope? Index { get; private set; }

    /// <summary>Whether vectors exist at all (not in a [Loss]).</summary>
    public bool HasVectors => Dims.Length > 0;

    /// <summary>Whether some op ties the input's length to a declared dim, so it may be left undeclared.</summary>
    public bool InputInferable { get; private set; }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    public int Next(int n) => (int)_random.Next((uint)n);
    public bool Chance(int percent) => Next(100) < percent;
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A dim for a new vector operand; only the input's while building Sign's argument.</summary>
    public Dim AnyDim() => InputOnly ? InputDim! : Pick(Dims);

    /// <summary>A random expression of type <paramref name="type"/> with at most <paramref name="depth"/> levels of ops.</summary>
    public Expr Generate(ValueType type, int depth)
    {
        if (depth <= 0 || Chance(20)) return Leaf(type);
        var candidates = OpCatalogue.All.Where(o => o.Produces(type) && o.Available(this, type)).ToList();
        int pick = Next(candidates.Sum(o => o.Weight));
        foreach (var op in candidates)
        {
            if (pick < op.Weight) return Remember(Capped(op.Build(this, type, depth - 1)));
            pick -= op.Weight;
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Runs <paramref name="build"/> with leaves restricted to the input and constants (Sign's argument).</summary>
    public Expr InputOnlyScope(Func<Expr> build)
    {
        bool saved = InputOnly;
        InputOnly = true;
        try { return build(); }
        finally { InputOnly = saved; }
    }

    /// <summary>Runs <paramref name="build"/> as the term of an index sum.</summary>
    public Expr IndexScope(IndexScope scope, Func<Expr> build)
    {
        Index = scope;
        try { return build(); }
        finally { Index = null; }
    }

    /// <summary>A parameter, a local, a constant or the input (v[h] for an entry).</summary>
    public Expr Leaf(ValueType type)
    {
        if (type.IsEntry) return EntryLeaf(type);
        if (LocalOf(type, 40) is { } local) return local;
        if (type.IsScalar)
        {
            if (Loss is { } loss) return LossLeaf(loss);
            return InputOnly || Chance(50) ? Constant(Pick(new[] { 0.5, 1, 2, 1.5, 0.25, 3, 0.75, 0 })) : Use(NewOrExisting(Array.Empty<Dim>(), "c"), type);
        }
        if (type.Dim == InputDim && (InputOnly || Chance(50))) return Input(type);
        return Use(NewOrExisting(new[] { type.Dim! }, "v"), type);
    }

    /// <summary>What makes Sign's argument depend on the input: Sum(x), x[h], or a loss's target.</summary>
    public Expr InputProbe(ValueType type)
    {
        if (Loss is { } loss) return Target(loss);
        if (type.IsEntry) return Entry(Input(ValueType.Vector(type.Dim!)));
        var x = Input(ValueType.Vector(InputDim!));
        return Expr.Node("Sum(x)", ValueType.Scalar, x.Range.Times(InputDim!.Size), x);
    }

    public Expr Constant(double value)
    {
        string code = value.ToString("R", CultureInfo.InvariantCulture);
        if (Chance(20) && !code.Contains('.')) code += ".0";
        return new Expr(code, ValueType.Scalar, Interval.Point(value), 1, true, false) { Integer = !code.Contains('.') };
    }

    /// <summary>A matrix parameter with the given rows and columns, reused when one exists.</summary>
    public string Matrix(Dim rows, Dim columns) => NewOrExisting(new[] { rows, columns }, "W").Name;

    /// <summary>
    /// Declares a local holding <paramref name="value"/> as <c>var</c> or, else, <c>double</c>/<c>Vec</c>; later leaves
    /// may read it. Returns its declaration without the initializer.
    /// </summary>
    public string Local(ValueType type, Expr value, bool useVar)
    {
        string name = (type.IsScalar ? "s" : "h") + _locals.Count;
        // An int local is an SG0002 error (C# would divide it as an integer), so a local holding an int is declared double.
        if (value.Integer) useVar = false;
        _locals.Add((name, type, value, useVar && value.Integer));
        return $"{(useVar ? "var" : type.IsScalar ? "double" : "Vec")} {name}";
    }

    public void TieInput(params Expr[] operands)
    {
        if (operands.Any(o => o.Type.IsVector && !o.Anchored && o.UsesX) && operands.Any(o => o.Anchored)) InputInferable = true;
    }

    /// <summary>Indexing a vector by the current index ties its length to the index's range.</summary>
    public void TieToIndex(Expr vector) => TieInput(Index!.Owner, vector);

    /// <summary>Entries ≥ 0.5: unchanged when already so, else shifted by a constant (for Log, Sqrt, Pow, divisors).</summary>
    public Expr Positive(Expr e)
    {
        if (e.Range.Lo >= 0.5) return e;
        double shift = Math.Ceiling(0.5 - e.Range.Lo);
        return Expr.Node($"({e.Code} + {Literal(shift)})", e.Type, e.Range + Interval.Point(shift), e) with { Integer = e.Integer };
    }

    /// <summary>Entries with |a| ≥ 0.5 and one sign: keeps Relu away from its kink and divisors away from 0.</summary>
    public Expr AwayFromZero(Expr e)
    {
        if (e.Range.Lo >= 0.5 || e.Range.Hi <= -0.5) return e;
        if (Chance(50)) return Positive(e);
        double shift = Math.Ceiling(e.Range.Hi + 0.5);
        return Expr.Node($"({e.Code} - {Literal(shift)})", e.Type, e.Range - Interval.Point(shift), e) with { Integer = e.Integer };
    }

    /// <summary>Entries within ±<paramref name="limit"/>: squashed by Tanh or scaled by a constant when not.</summary>
    public Expr Bounded(Expr e, double limit)
    {
        if (e.Range.Magnitude <= limit) return e;
        if (Chance(50)) return Expr.Node($"Tanh({e.Code})", e.Type, e.Range.Map(Math.Tanh), e);
        double divisor = Math.Ceiling(e.Range.Magnitude / limit);
        var constant = Constant(divisor);
        return Expr.Node($"({e.Code} / {constant.Code})", e.Type, Quotient(e, constant), e) with { Integer = e.Integer && constant.Integer };
    }

    /// <summary>
    /// The product W·u of a Mat * Vec or row-wise SqDist(W, u) generated so far with W's rows over
    /// <paramref name="rows"/>, for a row call of the same W and u: then W·u is one node with two uses.
    /// </summary>
    public (string Matrix, Expr Vector)? Product(Dim rows)
    {
        var products = _products.Where(p => p.Rows == rows).ToList();
        if (products.Count == 0) return null;
        var (matrix, _, vector) = Pick(products);
        return (matrix, vector);
    }

    /// <summary>Records W·u (or SqDist(W, u)) for <see cref="Product"/>, unless u holds an index sum (sums do not nest).</summary>
    public void RememberProduct(string matrix, Dim rows, Expr vector)
    {
        if (!vector.Code.Contains("=>", StringComparison.Ordinal)) _products.Add((matrix, rows, vector));
    }

    private readonly List<(string Matrix, Dim Rows, Expr Vector)> _products = new();

    // Vector expressions generated so far, without index sums: indexing one again makes an entry of a node with another use.
    private readonly List<Expr> _vectors = new();

    private Expr Remember(Expr e)
    {
        if (e.Type.IsVector && e.Nodes > 1 && !e.Code.Contains("=>", StringComparison.Ordinal)) _vectors.Add(e);
        return e;
    }

    /// <summary>A local of <paramref name="type"/> (in Sign's argument, one free of parameters), with the given chance when one exists.</summary>
    private Expr? LocalOf(ValueType type, int percent)
    {
        var locals = _locals.Where(l => l.Type == type && !(InputOnly && l.Value.Active)).ToList();
        if (locals.Count == 0 || !Chance(percent)) return null;
        var (name, t, value, integer) = Pick(locals);
        return new Expr(name, t, value.Range, 1, value.Anchored, value.UsesX) { Active = value.Active, SignOnGradientPath = value.SignOnGradientPath, Integer = integer };
    }

    private Expr Capped(Expr e) => Bounded(e, Cap);

    private Expr Input(ValueType type) => new("x", type, Interval.Unit, 1, Anchored: false, UsesX: true);

    private Expr Use(Parameter p, ValueType type) => new(p.Name, type, Interval.Unit, 1, Anchored: true, UsesX: false) { Active = true };

    /// <summary>
    /// An entry of a vector over the index's dim: v[h] of a parameter, x[h], local[h] or (expression)[h] (the
    /// generator indexes anything whose C# type is Vec), or, outside Sign's argument, a matrix row call.
    /// </summary>
    private Expr EntryLeaf(ValueType type)
    {
        if (!InputOnly && Chance(25))
            return OpCatalogue.RowCall(this, type, () => Leaf(ValueType.Vector(AnyDim())));
        var vectorType = ValueType.Vector(type.Dim!);
        // A local or an expression may have other uses, which must not matter (the entry folds to the vector's node).
        // Expressions do not vary with the index: sums do not nest and entries are not vectors. In Sign's argument
        // only the input, constants and locals or expressions free of parameters are indexed.
        if (LocalOf(vectorType, 35) is { } local) return Entry(local);
        if (Chance(30))
        {
            var earlier = _vectors.Where(e => e.Type == vectorType && !(InputOnly && e.Active)).ToList();
            return Entry(earlier.Count > 0 && Chance(50) ? Pick(earlier) : Generate(vectorType, 1 + Next(2)));
        }
        return Entry(InputOnly || type.Dim == InputDim && Chance(30) ? Input(vectorType) : Leaf(vectorType));
    }

    /// <summary><c>vector[h]</c> for the current index h, parenthesised unless the vector is a name.</summary>
    private Expr Entry(Expr vector)
    {
        TieToIndex(vector);
        string code = IsIdentifier(vector.Code) ? vector.Code : $"({vector.Code})";
        return Expr.Node($"{code}[{Index!.Name}]", ValueType.EntryOf(vector.Type.Dim!), vector.Range, vector) with { Nodes = vector.Nodes };
    }

    private Expr LossLeaf(LossSignature loss)
    {
        int pick = Next(100);
        if (InputOnly) return pick < 60 ? Target(loss) : Constant(Pick(new[] { 0.5, 1, 2, 0.25 }));
        if (pick < 45) return new Expr(loss.Score, ValueType.Scalar, ScoreRange, 1, true, false) { Active = true };
        return pick < 70 ? Target(loss) : Constant(Pick(new[] { 0.5, 1, 2, 1.5, 0.25, 3, 0.75, 0 }));
    }

    // The target y is a loss's input: UsesX marks what Sign's argument must depend on.
    private static Expr Target(LossSignature loss) => new(loss.Target, ValueType.Scalar, Interval.Unit, 1, true, UsesX: true);

    private Parameter NewOrExisting(Dim[] dims, string prefix)
    {
        var existing = _parameters.Where(p => p.Dims.SequenceEqual(dims)).ToList();
        if (existing.Count > 0 && Chance(50)) return Pick(existing);
        var p = new Parameter(prefix + _names++, dims);
        _parameters.Add(p);
        return p;
    }

    private static bool IsIdentifier(string code) => code.All(char.IsLetterOrDigit);

    /// <summary>
    /// The range of a / b as C# computes it: two ints (whose ranges are points) divide as integers, truncating:
    /// (2 / 3) is 0 and may not be a divisor as it is.
    /// </summary>
    public static Interval Quotient(Expr a, Expr b) =>
        a.Integer && b.Integer ? Interval.Point(Math.Truncate(a.Range.Lo / b.Range.Lo)) : a.Range / b.Range;

    public static string Literal(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
