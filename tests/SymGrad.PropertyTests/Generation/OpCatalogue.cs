namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// How to generate one op of the model language: which result types it can produce, whether it is available in
/// the builder's current context (a loss has no vectors, Sign's argument has no parameters, sums do not nest) and
/// how to build a well-shaped, domain-safe instance from generated operands.
/// </summary>
public sealed record OpDescriptor(string Name, Func<ValueType, bool> Produces, Func<ModelBuilder, ValueType, int, Expr> Build, int Weight = 2)
{
    public Func<ModelBuilder, ValueType, bool> Available { get; init; } = (_, _) => true;
}

/// <summary>Every op the generator currently accepts, as generation descriptors.</summary>
public static class OpCatalogue
{
    private static readonly Func<ValueType, bool> Any = _ => true;
    private static readonly Func<ValueType, bool> ScalarOnly = t => t.IsScalar;
    private static readonly Func<ValueType, bool> VectorOnly = t => t.IsVector;
    private static readonly Func<ValueType, bool> DoubleOnly = t => t.IsDouble;

    // Index names; "i" is also a loop variable of the generated code, which must not matter.
    private static readonly string[] s_indexNames = { "h", "j", "k", "i", "n" };

    public static readonly IReadOnlyList<OpDescriptor> All = new OpDescriptor[]
    {
        Binary("+", (a, b) => a + b, (m, e) => m.Bounded(e, 20)),
        Binary("-", (a, b) => a - b, (m, e) => m.Bounded(e, 20)),
        Binary("*", (a, b) => a * b, (m, e) => m.Bounded(e, 4)),
        Binary("/", (a, b) => a / b, (m, e) => m.AwayFromZero(m.Bounded(e, 4))),
        new("Neg", Any, (m, t, d) =>
        {
            var a = m.Generate(t, d);
            return Expr.Node(a.Code.StartsWith('-') ? $"(-({a.Code}))" : $"(-{a.Code})", t, -a.Range, a) with { Integer = a.Integer };
        }),
        Function("Tanh", Math.Tanh, hasMath: true),
        Function("Exp", Math.Exp, hasMath: true, domain: (m, e) => m.Bounded(e, 3)),
        Function("Log", Math.Log, hasMath: true, domain: (m, e) => m.Positive(e)),
        Function("Sigmoid", v => 1 / (1 + Math.Exp(-v)), hasMath: false),
        Function("Relu", v => Math.Max(0, v), hasMath: false, domain: (m, e) => m.AwayFromZero(e)),
        Function("Square", null, hasMath: false, domain: (m, e) => m.Bounded(e, 4)),
        Function("Sqrt", Math.Sqrt, hasMath: true, domain: (m, e) => m.Positive(e)),
        new("Pow", Any, (m, t, d) =>
        {
            double p = m.Pick(new[] { 2.0, 3, 0.5, 1.5, -1, -0.5, 2.5, 1 });
            var a = m.Generate(t, d);
            // Integer powers take any sign; fractional and negative ones a positive base.
            a = p is 1 or 2 or 3 ? m.Bounded(a, 3) : m.Bounded(m.Positive(a), 4);
            var range = p == 2 ? a.Range.Square() : p > 0 ? a.Range.Map(v => Math.Pow(v, p)) : new Interval(Math.Pow(a.Range.Hi, p), Math.Pow(a.Range.Lo, p));
            string name = t.IsDouble && m.Chance(50) ? "Math.Pow" : m.Chance(50) ? "Ops.Pow" : "Pow";
            return Expr.Node($"{name}({a.Code}, {ModelBuilder.Literal(p)})", t, range, a);
        }),
        // User functions with [Derivative]s (CustomFunctions), on scalars and, inside an index sum, entrywise.
        Custom("Softplus", r => r.Map(v => Math.Log(1 + Math.Exp(v)))),
        Custom("ScaledTanh", r => r.Map(v => 1.7159 * Math.Tanh(2.0 / 3.0 * v))),
        Custom("Gauss", r => new Interval(Math.Min(Gauss(r.Lo), Gauss(r.Hi)), r.Lo <= 0 && r.Hi >= 0 ? 1 : Math.Max(Gauss(r.Lo), Gauss(r.Hi)))),
        new("Dot", ScalarOnly, (m, _, d) =>
        {
            var dim = m.AnyDim();
            var a = m.Bounded(m.Generate(ValueType.Vector(dim), d), 3);
            var b = m.Bounded(m.Generate(ValueType.Vector(dim), d), 3);
            m.TieInput(a, b);
            return Expr.Node($"Dot({a.Code}, {b.Code})", ValueType.Scalar, (a.Range * b.Range).Times(dim.Size), a, b);
        }) { Available = (m, _) => m.HasVectors },
        new("Sum", ScalarOnly, (m, _, d) =>
        {
            var dim = m.AnyDim();
            var a = m.Generate(ValueType.Vector(dim), d);
            return Expr.Node($"Sum({a.Code})", ValueType.Scalar, a.Range.Times(dim.Size), a);
        }) { Available = (m, _) => m.HasVectors },
        new("SqDist", ScalarOnly, (m, _, d) =>
        {
            var dim = m.AnyDim();
            var a = m.Bounded(m.Generate(ValueType.Vector(dim), d), 3);
            var b = m.Bounded(m.Generate(ValueType.Vector(dim), d), 3);
            m.TieInput(a, b);
            return Expr.Node($"SqDist({a.Code}, {b.Code})", ValueType.Scalar, (a.Range - b.Range).Square().Times(dim.Size), a, b);
        }) { Available = (m, _) => m.HasVectors },
        new("MatVec", VectorOnly, (m, t, d) =>
        {
            var columns = m.AnyDim();
            var v = m.Bounded(m.Generate(ValueType.Vector(columns), d), 3);
            string w = m.Matrix(t.Dim!, columns);
            m.TieInput(v, Anchor(t));
            m.RememberProduct(w, t.Dim!, v);
            return Expr.Node($"({w} * {v.Code})", t, (Interval.Unit * v.Range).Times(columns.Size), v) with { Anchored = true, Active = true };
        }) { Available = (m, _) => !m.InputOnly },
        new("SqDistRows", VectorOnly, (m, t, d) =>
        {
            var columns = m.AnyDim();
            var v = m.Bounded(m.Generate(ValueType.Vector(columns), d), 3);
            string w = m.Matrix(t.Dim!, columns);
            m.TieInput(v, Anchor(t));
            m.RememberProduct(w, t.Dim!, v);
            return Expr.Node($"SqDist({w}, {v.Code})", t, (Interval.Unit - v.Range).Square().Times(columns.Size), v) with { Anchored = true, Active = true };
        }, Weight: 1) { Available = (m, _) => !m.InputOnly },
        new("IndexSum", ScalarOnly, IndexSum, Weight: 3) { Available = (m, _) => m.HasVectors && m.Index is null },
        new("RowCall", t => t.IsEntry, (m, t, d) => RowCall(m, t, () => m.Generate(ValueType.Vector(m.AnyDim()), d)), Weight: 3)
        {
            Available = (m, _) => !m.InputOnly,
        },
        // Off the gradient path its argument is built from the input only; an entry needs x over the index's dim.
        new("Sign", DoubleOnly, Sign, Weight: 1) { Available = (m, t) => !t.IsEntry || m.SignAnywhere || t.Dim == m.InputDim },
        // l ∘ r ? a : c compares doubles: scalars, or entries inside an index sum (then x must run over the index's dim).
        new("Conditional", Any, Conditional, Weight: 1) { Available = (m, t) => !t.IsEntry || m.SignAnywhere || t.Dim == m.InputDim },
    };

    private static readonly string[] s_comparisons = { ">", ">=", "<", "<=", "==", "!=" };

    /// <summary>
    /// <c>Sum(v.Length, h => term)</c> or <c>Sum(W.Rows, h => term)</c>: the term is an entry over the owner's
    /// dim, built from v[h], matrix-row calls and h-invariant scalars. Only the term carries gradient to the result.
    /// </summary>
    private static Expr IndexSum(ModelBuilder m, ValueType _, int depth)
    {
        Dim dim;
        Expr owner;
        string property = "Length";
        if (!m.InputOnly && m.Chance(35))
        {
            dim = m.AnyDim();
            string w = m.Matrix(dim, m.AnyDim());
            owner = Anchor(ValueType.Vector(dim)) with { Code = w, Active = true };
            property = "Rows";
        }
        else
        {
            dim = m.AnyDim();
            owner = m.Leaf(ValueType.Vector(dim));
        }
        var scope = new IndexScope(m.Pick(s_indexNames), dim, owner);
        var term = m.IndexScope(scope, () => m.Generate(ValueType.EntryOf(dim), depth));
        return Expr.Node($"Sum({owner.Code}.{property}, {scope.Name} => {term.Code})", ValueType.Scalar, term.Range.Times(dim.Size), term, owner)
            with { Active = term.Active, SignOnGradientPath = term.SignOnGradientPath };
    }

    /// <summary>
    /// Dot(W[h], u), Dot(u, W[h]), SqDist(W[h], u) or SqDist(u, W[h]) inside an index sum: W has the index's dim as
    /// rows and u's dim as columns, and u does not depend on the index. Sometimes W and u are those of a W * u or
    /// SqDist(W, u) the model has already used, so the row call is an entry of a node with another use; else u is
    /// made by <paramref name="operand"/> and W is any matrix of the right shape, which other ops may use too.
    /// </summary>
    public static Expr RowCall(ModelBuilder m, ValueType entry, Func<Expr> operand)
    {
        Expr u;
        string matrix;
        if (m.Chance(40) && m.Product(entry.Dim!) is { } product)
        {
            (matrix, u) = product;
        }
        else
        {
            u = m.Bounded(operand(), 3);
            matrix = m.Matrix(entry.Dim!, u.Type.Dim!);
        }
        var columns = u.Type.Dim!;
        string row = $"{matrix}[{m.Index!.Name}]";
        m.TieInput(u, Anchor(u.Type));
        m.TieToIndex(Anchor(ValueType.Vector(entry.Dim!)));
        int form = m.Next(4);
        string code = form switch
        {
            0 => $"Dot({row}, {u.Code})",
            1 => $"Dot({u.Code}, {row})",
            2 => $"SqDist({row}, {u.Code})",
            _ => $"SqDist({u.Code}, {row})",
        };
        var range = form < 2 ? (Interval.Unit * u.Range).Times(columns.Size) : (Interval.Unit - u.Range).Square().Times(columns.Size);
        return Expr.Node(code, entry, range, u) with { Active = true };
    }

    /// <summary>
    /// Sign(a). Normally a depends on the input and constants only, so no gradient flows through it (and it is
    /// shifted off 0 when it could cancel to 0 in one evaluation order and not another); with SignAnywhere it may
    /// depend on parameters, and then the generator must answer SG0014.
    /// </summary>
    private static Expr Sign(ModelBuilder m, ValueType t, int depth)
    {
        var a = m.SignAnywhere ? m.Generate(t, depth) : m.InputOnlyScope(() => m.Generate(t, depth));
        if (!m.SignAnywhere && !a.UsesX)
        {
            var probe = m.InputOnlyScope(() => m.InputProbe(t));
            a = Expr.Node($"({a.Code} + {probe.Code})", t, a.Range + probe.Range, a, probe);
        }
        string argument = a.Nodes > 2 ? $"{a.Code} - {ModelBuilder.Literal(m.Pick(new[] { 0.3, 0.7, 0.1 }))}" : a.Code;
        return Expr.Node($"{(m.Chance(30) ? "Ops.Sign" : "Sign")}({argument})", t, new Interval(-1, 1), a)
            with { SignOnGradientPath = a.SignOnGradientPath || a.Active };
    }

    /// <summary>
    /// <c>(l ∘ r ? a : c)</c> with any comparison. Like Sign's argument, l depends on the input and constants only (so the
    /// model is smooth in its parameters and no tie can fall differently in the generated code) unless SignAnywhere lets
    /// it take parameters, and then a gradient through the comparison must be SG0014. The branches are any expressions.
    /// </summary>
    private static Expr Conditional(ModelBuilder m, ValueType t, int depth)
    {
        var compared = t.IsEntry ? t : ValueType.Scalar;
        var left = m.SignAnywhere ? m.Generate(compared, depth) : m.InputOnlyScope(() => m.Generate(compared, depth));
        if (!m.SignAnywhere && !left.UsesX)
        {
            var probe = m.InputOnlyScope(() => m.InputProbe(compared));
            left = Expr.Node($"({left.Code} + {probe.Code})", compared, left.Range + probe.Range, left, probe);
        }
        var right = m.Constant(m.Pick(new[] { 0.3, -0.7, 0.1, 0.45 }));
        var a = m.Generate(t, depth);
        var c = m.Generate(t, depth);
        // C# types a conditional of two ints as int, which a model rejects (SG0002): make one branch a double.
        if (a.Integer && c.Integer) c = m.Constant(m.Pick(new[] { 0.5, 1.5, 0.25 }));
        string symbol = m.Pick(s_comparisons);
        // As a guard is used: a branch that is finite only where it is chosen, NaN where the other one is, which must
        // then put nothing into the gradient. √(l − r) is real where l ≥ r, √(r − l) where l ≤ r.
        if (symbol is ">" or ">=" or "<" or "<=")
        {
            bool above = symbol is ">" or ">=";
            if (m.Chance(35)) a = Guarded(m, a, above ? $"{left.Code} - {right.Code}" : $"{right.Code} - {left.Code}", above ? left.Range.Hi - right.Range.Lo : right.Range.Hi - left.Range.Lo);
            if (m.Chance(35)) c = Guarded(m, c, above ? $"{right.Code} - {left.Code}" : $"{left.Code} - {right.Code}", above ? right.Range.Hi - left.Range.Lo : left.Range.Hi - right.Range.Lo);
        }
        m.TieInput(a, c);
        var range = new Interval(Math.Min(a.Range.Lo, c.Range.Lo), Math.Max(a.Range.Hi, c.Range.Hi));
        return Expr.Node($"({left.Code} {symbol} {right.Code} ? {a.Code} : {c.Code})", t, range, left, right, a, c)
            with { SignOnGradientPath = left.SignOnGradientPath || left.Active || a.SignOnGradientPath || c.SignOnGradientPath };
    }

    /// <summary>
    /// <c>√d · branch</c> or <c>tanh(log d) · branch</c> for the difference d, which is ≥ 0 (at most
    /// <paramref name="largest"/>) where the branch is chosen and negative, so the factor NaN, where it is not.
    /// </summary>
    private static Expr Guarded(ModelBuilder m, Expr branch, string difference, double largest)
    {
        var (factor, range) = m.Chance(50)
            ? ($"Sqrt({difference})", new Interval(0, Math.Sqrt(Math.Max(0, largest))))
            : ($"Tanh(Log({difference}))", new Interval(-1, 1));
        return Expr.Node($"({factor} * {branch.Code})", branch.Type, range * branch.Range, branch) with { Integer = false };
    }

    private static double Gauss(double v) => Math.Exp(-0.5 * v * v);

    // A stand-in operand for a declared matrix, which pins its vector argument's length.
    private static Expr Anchor(ValueType t) => new("W", t, Interval.Unit, 1, Anchored: true, UsesX: false);

    /// <summary>An arithmetic operator: scalar∘scalar, or for a vector (or entry) result t∘t, t∘scalar or scalar∘t.</summary>
    private static OpDescriptor Binary(string symbol, Func<Interval, Interval, Interval> range, Func<ModelBuilder, Expr, Expr> right) =>
        new(symbol, Any, (m, t, d) =>
        {
            int form = t.IsScalar ? 0 : m.Next(3);
            var a = m.Generate(form == 2 ? ValueType.Scalar : t, d);
            var b = m.Generate(form == 1 ? ValueType.Scalar : t, d);
            if (symbol is "*" or "/") a = m.Bounded(a, 4);
            b = right(m, b);
            if (form == 0 && t.IsVector) m.TieInput(a, b);
            var r = symbol == "/" ? ModelBuilder.Quotient(a, b) : range(a.Range, b.Range);
            return Expr.Node($"({a.Code} {symbol} {b.Code})", t, r, a, b) with { Integer = a.Integer && b.Integer };
        }, Weight: 3);

    /// <summary>An entrywise function, called as F(a), Ops.F(a) or (on a double, when System.Math has it) Math.F(a).</summary>
    private static OpDescriptor Function(string name, Func<double, double>? increasing, bool hasMath, Func<ModelBuilder, Expr, Expr>? domain = null) =>
        new(name, Any, (m, t, d) =>
        {
            var a = m.Generate(t, d);
            if (domain is not null) a = domain(m, a);
            string callee = t.IsDouble && hasMath && m.Chance(30) ? "Math." + name : m.Chance(30) ? "Ops." + name : name;
            var range = increasing is null ? a.Range.Square() : a.Range.Map(increasing);
            return Expr.Node($"{callee}({a.Code})", t, range, a);
        });

    /// <summary>A call of a user function of <see cref="CustomFunctions"/>: C# doubles only, so scalars or entries.</summary>
    private static OpDescriptor Custom(string name, Func<Interval, Interval> range) =>
        new(name, DoubleOnly, (m, t, d) =>
        {
            var a = m.Bounded(m.Generate(t, d), 10);
            return Expr.Node($"{name}({a.Code})", t, range(a.Range), a);
        }, Weight: 1);
}
