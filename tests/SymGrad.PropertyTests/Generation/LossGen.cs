using CsCheck;

namespace SymGrad.PropertyTests.Generation;

/// <summary>A generated [Loss] method L(g, y): its parameter names, locals and returned expression.</summary>
public sealed record LossSpec(LossSignature Signature, IReadOnlyList<(string Declaration, Expr Value)> Locals, Expr Result)
{
    public int Nodes => Result.Nodes + Locals.Sum(l => l.Value.Nodes);

    /// <summary>The [Loss] method, as it goes inside a static partial class.</summary>
    public string ToMethod(string name) =>
        MethodText.Render($"    [Loss]\n    public static double {name}(double {Signature.Score}, double {Signature.Target})", Locals, Result);
}

/// <summary>
/// Random smooth [Loss] bodies over the score g ∈ [−10, 10] (ModelGen bounds every score so), the target y ∈ [−1, 1]
/// and constants: every scalar op of the language, Sign of the target only, locals sometimes. Always uses g.
/// </summary>
public static class LossGen
{
    private static readonly LossSignature[] s_signatures =
    {
        new("g", "y"), new("score", "label"), new("z", "t"), new("f", "target"), new("s", "y"),
    };

    public static LossSpec Generate(PCG pcg)
    {
        var signature = s_signatures[(int)pcg.Next((uint)s_signatures.Length)];
        var m = new ModelBuilder(pcg, Array.Empty<Dim>(), null, signature);
        int depth = 1 + m.Next(3);
        var locals = new List<(string Declaration, Expr Value)>();
        for (int k = m.Chance(70) ? 0 : 1 + m.Next(2); k > 0; k--)
        {
            var value = m.Generate(ValueType.Scalar, depth);
            locals.Add((m.Local(ValueType.Scalar, value, useVar: m.Chance(50)), value));
        }
        var result = m.Generate(ValueType.Scalar, depth);
        if (!result.Active)
        {
            // A loss that ignores the score (directly or through its locals) has ∂L/∂g = 0 and checks nothing: add a smooth term in g.
            var g = new Expr(signature.Score, ValueType.Scalar, ModelBuilder.ScoreRange, 1, true, false) { Active = true };
            var y = new Expr(signature.Target, ValueType.Scalar, Interval.Unit, 1, true, true);
            result = Expr.Node($"({result.Code} + Square({g.Code} - {y.Code}) / 4)", ValueType.Scalar, result.Range + (g.Range - y.Range).Square() / Interval.Point(4), result, g, y);
        }
        return new LossSpec(signature, locals, m.Bounded(result, 20));
    }
}
