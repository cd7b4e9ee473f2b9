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
    private readonly List<(string Name, ValueType Type, Expr Value)> _locals = new();
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
            if (pick < op.Weight) return Capped(op.Build(this, type, depth - 1));
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
        var locals = _locals.Where(l => l.Type == type && !(InputOnly && l.Value.Active)).ToList();
        if (locals.Count > 0 && Chance(40))
        {
            var (name, t, value) = Pick(locals);
            return new Expr(name, t, value.Range, 1, value.Anchored, value.UsesX) { Active = value.Active, SignOnGradientPath = value.SignOnGradientPath };
        }
        if (type.IsScalar)
        {
            if (Loss is { } loss) return LossLeaf(loss);
            return InputOnly || Chance(50) ? Constant(Pick(new[] { 0.5, 1, 2, 1.5, 0.25, 3, 0.75 })) : Use(NewOrExisting(Array.Empty<Dim>(), "c"), type);
        }
        if (type.Dim == InputDim && (InputOnly || Chance(50))) return Input(type);
        return Use(NewOrExisting(new[] { type.Dim! }, "v"), type);
    }

    /// <summary>What makes Sign's argument depend on the input: Sum(x), x[h], or a loss's target.</summary>
    public Expr InputProbe(ValueType type)
    {
        if (Loss is { } loss) return Target(loss);
        if (type.IsEntry) return EntryLeaf(type);
        var x = Input(ValueType.Vector(InputDim!));
        return Expr.Node("Sum(x)", ValueType.Scalar, x.Range.Times(InputDim!.Size), x);
    }

    public Expr Constant(double value)
    {
        string code = value.ToString("R", CultureInfo.InvariantCulture);
        if (Chance(20) && !code.Contains('.')) code += ".0";
        return new Expr(code, ValueType.Scalar, Interval.Point(value), 1, true, false);
    }

    /// <summary>
    /// A new matrix no other op reuses, for row calls: Dot(W[h], u) is W·u entry by entry, and while the generator
    /// declares an adjoint twice when that W·u also occurs elsewhere (the open bug above), it must not.
    /// </summary>
    public string ExclusiveMatrix(Dim rows, Dim columns)
    {
        var p = new Parameter("W" + _names++, new[] { rows, columns });
        _parameters.Add(p);
        _exclusive.Add(p.Name);
        return p.Name;
    }

    private readonly HashSet<string> _exclusive = new();

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
        if (operands.Any(o => o.Type.IsVector && !o.Anchored && o.UsesX) && operands.Any(o => o.Anchored)) InputInferable = true;
    }

    /// <summary>Indexing a vector by the current index ties its length to the index's range.</summary>
    public void TieToIndex(Expr vector) => TieInput(Index!.Owner, vector);

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

    /// <summary>
    /// While the generator declares an adjoint twice when an identity folds away (open bug, skipped test
    /// RegressionTests.Folded_multiplication_by_one_keeps_adjoint_names_distinct), operands that make one are avoided:
    /// a constant 1 beside * or /, a constant 0 beside + or −, and a negation under a negation. Delete when fixed.
    /// </summary>
    public Expr AvoidFoldedIdentity(Expr operand, string op)
    {
        // Only constant expressions are replaced (the generator folds them; Relu(negative) is not folded), so nothing
        // dropped here had tied the input's length. A negation is kept, under a Tanh.
        bool constant = !operand.UsesX && !operand.Active && operand.Type.IsScalar;
        if (constant && (op is "*" or "/" && operand.Range == Interval.Point(1) || op is "+" or "-" && operand.Range == Interval.Point(0))) return Constant(1.5);
        if (op == "Neg" && operand.Code.StartsWith("(-", StringComparison.Ordinal)) return Expr.Node($"Tanh({operand.Code})", operand.Type, operand.Range.Map(Math.Tanh), operand);
        return operand;
    }

    private Expr Capped(Expr e) => Bounded(e, Cap);

    private Expr Input(ValueType type) => new("x", type, Interval.Unit, 1, Anchored: false, UsesX: true);

    private Expr Use(Parameter p, ValueType type) => new(p.Name, type, Interval.Unit, 1, Anchored: true, UsesX: false) { Active = true };

    /// <summary>An entry v[h] of a vector over the index's dim, or (outside Sign's argument) a matrix row call.</summary>
    private Expr EntryLeaf(ValueType type)
    {
        if (!InputOnly && Chance(25))
            return OpCatalogue.RowCall(this, type, Leaf(ValueType.Vector(AnyDim())));
        // Open generator bug (skipped RegressionTests.Entry_of_a_node_with_another_use_keeps_adjoint_names_distinct):
        // v[h] folds to v, so indexing a computed vector (a local, (a + b)[h]) that has another use declares its
        // adjoint twice. Until fixed, only parameters and the input are indexed; restore locals and expressions then.
        var vector = InputOnly || type.Dim == InputDim && Chance(30) ? Input(ValueType.Vector(type.Dim!)) : Use(NewOrExisting(new[] { type.Dim! }, "v"), ValueType.Vector(type.Dim!));
        TieToIndex(vector);
        string code = IsIdentifier(vector.Code) ? vector.Code : $"({vector.Code})";
        return Expr.Node($"{code}[{Index!.Name}]", type, vector.Range, vector) with { Nodes = vector.Nodes };
    }

    private Expr LossLeaf(LossSignature loss)
    {
        int pick = Next(100);
        if (InputOnly) return pick < 60 ? Target(loss) : Constant(Pick(new[] { 0.5, 1, 2, 0.25 }));
        if (pick < 45) return new Expr(loss.Score, ValueType.Scalar, ScoreRange, 1, true, false) { Active = true };
        return pick < 70 ? Target(loss) : Constant(Pick(new[] { 0.5, 1, 2, 1.5, 0.25, 3, 0.75 }));
    }

    // The target y is a loss's input: UsesX marks what Sign's argument must depend on.
    private static Expr Target(LossSignature loss) => new(loss.Target, ValueType.Scalar, Interval.Unit, 1, true, UsesX: true);

    private Parameter NewOrExisting(Dim[] dims, string prefix)
    {
        var existing = _parameters.Where(p => p.Dims.SequenceEqual(dims) && !_exclusive.Contains(p.Name)).ToList();
        if (existing.Count > 0 && Chance(50)) return Pick(existing);
        var p = new Parameter(prefix + _names++, dims);
        _parameters.Add(p);
        return p;
    }

    private static bool IsIdentifier(string code) => code.All(char.IsLetterOrDigit);

    public static string Literal(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
