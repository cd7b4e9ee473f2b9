using CsCheck;

namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// CsCheck generator of well-shaped vector models: K ∈ {1, 2, 3, 10} scores (a named dim C or a constant), 2–4 layers
/// <c>W·h</c> with activations (Tanh, Sigmoid, Softmax, Abs, Max, Min, Exp or none), biases and random terms of every op
/// ModelBuilder knows (index sums and row calls included), LogSumExp and constant entries (<c>h[0]</c>), written as a
/// local per layer or as one nested expression; each checked with one loss: softmax cross-entropy, the multi-class hinge,
/// vector squared loss or a generated [Loss] over (Vec s, int y).
/// </summary>
public sealed class VectorModelGen : Gen<VectorModelSpec>
{
    public static readonly VectorModelGen Instance = new();

    private static readonly int[] s_outputSizes = { 1, 2, 3, 10 };

    public override VectorModelSpec Generate(PCG pcg, Size? min, out Size size)
    {
        var hidden = ModelGen.Dims(pcg);
        int k = s_outputSizes[(int)pcg.Next((uint)s_outputSizes.Length)];
        var output = pcg.Next(2) == 0 ? new Dim("C", k) : new Dim(k.ToString(System.Globalization.CultureInfo.InvariantCulture), k);
        var dims = hidden.Append(output).Distinct().ToArray();
        var inputDim = hidden[(int)pcg.Next((uint)hidden.Length)];
        var m = new ModelBuilder(pcg, dims, inputDim);
        int layers = 2 + m.Next(3);
        int depth = 1 + m.Next(2);
        bool asLocals = m.Chance(60);

        var locals = new List<(string Declaration, Expr Value)>();
        var h = new Expr("x", ValueType.Vector(inputDim), Interval.Unit, 1, Anchored: false, UsesX: true);
        for (int layer = 1; layer < layers; layer++)
        {
            var value = Activation(m, Layer(m, h, m.Pick(dims), depth));
            if (!asLocals)
            {
                h = value;
                continue;
            }
            string declaration = m.Local(value.Type, value, useVar: m.Chance(50));
            locals.Add((declaration, value));
            string name = declaration.Split(' ')[1];
            h = new Expr(name, value.Type, value.Range, 1, value.Anchored, value.UsesX) { Active = value.Active };
        }
        var result = m.Bounded(Layer(m, h, output, depth), 10);

        var kind = (VectorLossKind)m.Next(4);
        var userLoss = kind == VectorLossKind.UserClassLoss ? ClassLossGen.Generate(pcg) : null;
        bool declared = !m.InputInferable || m.Chance(50);
        int nodes = result.Nodes + locals.Sum(l => l.Value.Nodes);
        size = new Size((ulong)(nodes * 16 + dims.Sum(d => d.Size)));
        return new VectorModelSpec(inputDim, declared, output, layers, m.Parameters.ToArray(), locals, result, kind, userLoss)
        {
            ValueSeed = pcg.Next64(),
        };
    }

    /// <summary><c>W·h</c> over <paramref name="rows"/>, plus sometimes a bias, a random vector term or a scalar term.</summary>
    private static Expr Layer(ModelBuilder m, Expr h, Dim rows, int depth)
    {
        var columns = h.Type.Dim!;
        string w = m.Matrix(rows, columns);
        m.TieInput(h, new Expr(w, ValueType.Vector(rows), Interval.Unit, 1, Anchored: true, UsesX: false));
        m.RememberProduct(w, rows, h);
        var product = Expr.Node($"({w} * {h.Code})", ValueType.Vector(rows), (Interval.Unit * h.Range).Times(columns.Size), h)
            with { Anchored = true, Active = true };
        int pick = m.Next(100);
        var extra = pick < 35 ? m.Generate(ValueType.Vector(rows), 0)          // a bias (or a local, or x)
            : pick < 60 ? m.Bounded(m.Generate(ValueType.Vector(rows), depth), 3)
            : pick < 85 ? m.Bounded(ScalarTerm(m, h, depth), 3)
            : null;
        return extra is null ? product : Expr.Node($"({product.Code} + {extra.Code})", product.Type, product.Range + extra.Range, product, extra)
            with { Anchored = true };
    }

    /// <summary>A scalar broadcast over a layer: an index sum, LogSumExp of the layer's input or an entry of it at a constant index.</summary>
    private static Expr ScalarTerm(ModelBuilder m, Expr h, int depth)
    {
        int n = h.Type.Dim!.Size;
        string vector = h.Code.All(char.IsLetterOrDigit) ? h.Code : $"({h.Code})";
        return m.Next(3) switch
        {
            0 => OpCatalogue.All.Single(o => o.Name == "IndexSum").Build(m, ValueType.Scalar, depth),
            1 => Expr.Node($"LogSumExp({h.Code})", ValueType.Scalar, new Interval(h.Range.Lo, h.Range.Hi + Math.Log(n)), h),
            _ => Expr.Node($"{vector}[{m.Next(n)}]", ValueType.Scalar, h.Range, h),
        };
    }

    /// <summary>A hidden layer's activation, its argument kept where the function is smooth (Abs, Max and Min away from their kinks).</summary>
    private static Expr Activation(ModelBuilder m, Expr a)
    {
        var t = a.Type;
        a = m.Bounded(a, 3);
        Expr away;
        switch (m.Next(9))
        {
            case 0: return Expr.Node($"Tanh({a.Code})", t, a.Range.Map(Math.Tanh), a);
            case 1: return Expr.Node($"Sigmoid({a.Code})", t, a.Range.Map(v => 1 / (1 + Math.Exp(-v))), a);
            case 2: return Expr.Node($"Softmax({a.Code})", t, new Interval(0, 1), a);
            case 3: return Expr.Node($"Exp({a.Code})", t, a.Range.Map(Math.Exp), a);
            case 4:
                away = m.AwayFromZero(a);
                return Expr.Node($"Abs({away.Code})", t, new Interval(Math.Min(Math.Abs(away.Range.Lo), Math.Abs(away.Range.Hi)), away.Range.Magnitude), away);
            case 5:
            case 6:
                // Max(a, 0) or Min(0, a), a of one sign: every entry on the same side of the kink.
                away = m.AwayFromZero(a);
                bool max = m.Chance(50);
                string call = m.Chance(50) ? $"{(max ? "Max" : "Min")}({away.Code}, 0.0)" : $"{(max ? "Max" : "Min")}(0.0, {away.Code})";
                var range = max ? new Interval(Math.Max(0, away.Range.Lo), Math.Max(0, away.Range.Hi)) : new Interval(Math.Min(0, away.Range.Lo), Math.Min(0, away.Range.Hi));
                return Expr.Node(call, t, range, away);
            default: return a;
        }
    }
}
