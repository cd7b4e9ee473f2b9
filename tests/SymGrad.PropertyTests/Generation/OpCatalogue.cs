namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// How to generate one op of the model language: which result types it can produce and how to build a
/// well-shaped, domain-safe instance from generated operands. New ops (index sums, …) are new entries.
/// </summary>
public sealed record OpDescriptor(string Name, Func<ValueType, bool> Produces, Func<ModelBuilder, ValueType, int, Expr> Build, int Weight = 2);

/// <summary>Every op the generator currently accepts, as generation descriptors.</summary>
public static class OpCatalogue
{
    private static readonly Func<ValueType, bool> Any = _ => true;
    private static readonly Func<ValueType, bool> ScalarOnly = t => t.IsScalar;
    private static readonly Func<ValueType, bool> VectorOnly = t => !t.IsScalar;

    public static readonly IReadOnlyList<OpDescriptor> All = new OpDescriptor[]
    {
        Binary("+", (a, b) => a + b, (m, e) => m.Bounded(e, 20)),
        Binary("-", (a, b) => a - b, (m, e) => m.Bounded(e, 20)),
        Binary("*", (a, b) => a * b, (m, e) => m.Bounded(e, 4)),
        Binary("/", (a, b) => a / b, (m, e) => m.AwayFromZero(m.Bounded(e, 4))),
        new("Neg", Any, (m, t, d) =>
        {
            var a = m.Generate(t, d);
            return Expr.Node(a.Code.StartsWith('-') ? $"(-({a.Code}))" : $"(-{a.Code})", t, -a.Range, a);
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
            double p = m.Pick(new[] { 2.0, 3, 0.5, 1.5, -1, -0.5, 2.5 });
            var a = m.Generate(t, d);
            // Integer powers take any sign; fractional and negative ones a positive base.
            a = p is 2 or 3 ? m.Bounded(a, 3) : m.Bounded(m.Positive(a), 4);
            var range = p == 2 ? a.Range.Square() : p > 0 ? a.Range.Map(v => Math.Pow(v, p)) : new Interval(Math.Pow(a.Range.Hi, p), Math.Pow(a.Range.Lo, p));
            string name = t.IsScalar && m.Chance(50) ? "Math.Pow" : m.Chance(50) ? "Ops.Pow" : "Pow";
            return Expr.Node($"{name}({a.Code}, {ModelBuilder.Literal(p)})", t, range, a);
        }),
        new("Dot", ScalarOnly, (m, _, d) =>
        {
            var dim = m.AnyDim();
            var a = m.Bounded(m.Generate(ValueType.Vector(dim), d), 3);
            var b = m.Bounded(m.Generate(ValueType.Vector(dim), d), 3);
            m.TieInput(a, b);
            return Expr.Node($"Dot({a.Code}, {b.Code})", ValueType.Scalar, (a.Range * b.Range).Times(dim.Size), a, b);
        }),
        new("Sum", ScalarOnly, (m, _, d) =>
        {
            var dim = m.AnyDim();
            var a = m.Generate(ValueType.Vector(dim), d);
            return Expr.Node($"Sum({a.Code})", ValueType.Scalar, a.Range.Times(dim.Size), a);
        }),
        new("SqDist", ScalarOnly, (m, _, d) =>
        {
            var dim = m.AnyDim();
            var a = m.Bounded(m.Generate(ValueType.Vector(dim), d), 3);
            var b = m.Bounded(m.Generate(ValueType.Vector(dim), d), 3);
            m.TieInput(a, b);
            return Expr.Node($"SqDist({a.Code}, {b.Code})", ValueType.Scalar, (a.Range - b.Range).Square().Times(dim.Size), a, b);
        }),
        new("MatVec", VectorOnly, (m, t, d) =>
        {
            var columns = m.AnyDim();
            var v = m.Bounded(m.Generate(ValueType.Vector(columns), d), 3);
            string w = m.Matrix(t.Dim!, columns);
            m.TieInput(v, Anchor(t));
            return Expr.Node($"({w} * {v.Code})", t, (Interval.Unit * v.Range).Times(columns.Size), v) with { Anchored = true };
        }),
        new("SqDistRows", VectorOnly, (m, t, d) =>
        {
            var columns = m.AnyDim();
            var v = m.Bounded(m.Generate(ValueType.Vector(columns), d), 3);
            string w = m.Matrix(t.Dim!, columns);
            m.TieInput(v, Anchor(t));
            return Expr.Node($"SqDist({w}, {v.Code})", t, (Interval.Unit - v.Range).Square().Times(columns.Size), v) with { Anchored = true };
        }, Weight: 1),
    };

    // A stand-in operand for a declared matrix, which pins its vector argument's length.
    private static Expr Anchor(ValueType t) => new("W", t, Interval.Unit, 1, Anchored: true, UsesX: false);

    /// <summary>An arithmetic operator: scalar∘scalar, or for a vector result vec∘vec, vec∘scalar or scalar∘vec.</summary>
    private static OpDescriptor Binary(string symbol, Func<Interval, Interval, Interval> range, Func<ModelBuilder, Expr, Expr> right) =>
        new(symbol, Any, (m, t, d) =>
        {
            int form = t.IsScalar ? 0 : m.Next(3);
            var a = m.Generate(form == 2 ? ValueType.Scalar : t, d);
            var b = m.Generate(form == 1 ? ValueType.Scalar : t, d);
            if (symbol is "*" or "/") a = m.Bounded(a, 4);
            b = right(m, b);
            if (form == 0 && !t.IsScalar) m.TieInput(a, b);
            return Expr.Node($"({a.Code} {symbol} {b.Code})", t, range(a.Range, b.Range), a, b);
        }, Weight: 3);

    /// <summary>An entrywise function, called as F(a), Ops.F(a) or (on a scalar, when System.Math has it) Math.F(a).</summary>
    private static OpDescriptor Function(string name, Func<double, double>? increasing, bool hasMath, Func<ModelBuilder, Expr, Expr>? domain = null) =>
        new(name, Any, (m, t, d) =>
        {
            var a = m.Generate(t, d);
            if (domain is not null) a = domain(m, a);
            string callee = t.IsScalar && hasMath && m.Chance(30) ? "Math." + name : m.Chance(30) ? "Ops." + name : name;
            var range = increasing is null ? a.Range.Square() : a.Range.Map(increasing);
            return Expr.Node($"{callee}({a.Code})", t, range, a);
        });
}
