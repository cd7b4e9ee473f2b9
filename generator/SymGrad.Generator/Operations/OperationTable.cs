using System;
using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Model;
using static SymGrad.Generator.Operations.Access;
using static SymGrad.Generator.Operations.Precedences;
using static SymGrad.Generator.Common.Namespaces;

namespace SymGrad.Generator.Operations;

/// <summary>
/// The one table of operations. Each entry declares how the op is written in a model, its shape rule,
/// the C# it becomes, how the lecture writes it, its adjoint rule (b̄ · ∂b/∂a for each argument a) and its ONNX operators.
/// Adding an op is adding an entry here (and its tests); no stage switches on op names.
/// </summary>
internal static class OperationTable
{
    private const string K = $"{Runtime}.Kernels";
    private const string L = $"{Runtime}.Lanes";

    // Names of ops the stages themselves create (sources, the loss, internal backward ops).
    public const string Input = "Input", Param = "Param", Const = "Const";
    public const string Seed = "Seed", Loss = "Loss", Accumulate = "Accumulate";
    public const string VectorSeed = "VectorSeed", VectorLoss = "VectorLoss", InputSeed = "InputSeed";

    /// <summary>The span a vector model's InputGradient takes its seed s̄ from.</summary>
    public const string InputSeedSpan = "seed";

    /// <summary>The loss and seed ops for a model's output: L(g, y) of a score, or L(s, y) of a vector of K scores.</summary>
    public static (string Loss, string Seed) LossOf(Shape output) => output.IsVector ? (VectorLoss, VectorSeed) : (Loss, Seed);

    private static readonly Operation[] s_all =
    {
        // ── Sources ──
        // In ONNX: the graph's input, an initializer holding the parameter's block of θ, a scalar initializer.
        new(Input, EmitKind.Source) { Onnx = c => c.Name },
        new(Param, EmitKind.Source) { Onnx = c => c.Name },
        new(Const, EmitKind.Source) { Onnx = c => c.Scalar(c.Value) },

        // ── The loss: L(g, y) and the seed of the backward pass ḡ = ∂L/∂g ──
        new(Loss, EmitKind.Statement, Element)
        {
            IsLoss = true,
            IsLossValue = true,
            InferShape = ShapeRules.Scalar,
            Code = c => $"TLoss.Value({c.Arg(0)}, y)",
            Notation = n => $"L({n.Arg(0)}, y)",
        },
        new(Seed, EmitKind.Statement, Element)
        {
            IsLoss = true,
            InferShape = ShapeRules.Scalar,
            Code = c => c.Narrow($"TLoss.Derivative({c.Arg(0)}, y)"),
            Notation = n => $"∂L/∂{n.Arg(0)}",
        },
        // A vector model's K scores s against a class label (IClassLoss) or a target vector (IVectorLoss), both named y.
        new(VectorLoss, EmitKind.Statement, Whole)
        {
            IsLoss = true,
            IsLossValue = true,
            InferShape = ShapeRules.Scalar,
            Code = c => $"{c.ScoreLoss("Value")}({c.Whole(0)}, y)",
            Notation = n => $"L({n.Arg(0)}, y)",
        },
        new(VectorSeed, EmitKind.Vector, Whole)
        {
            IsLoss = true,
            InferShape = ShapeRules.First,
            Code = c => $"{c.ScoreLoss("Derivative")}({c.Whole(0)}, y, {c.Target})",
            Notation = n => $"∂L/∂{n.Arg(0)}",
        },

        // The caller's s̄ where a vector model's InputGradient starts (argument 0, the scores, lends its shape).
        new(InputSeed, EmitKind.Elementwise, None)
        {
            // Only InputGradient reads a seed, and it has no minibatch form.
            Block = BlockRule.None,
            IsCheap = true,
            InferShape = ShapeRules.First,
            Code = _ => $"{InputSeedSpan}[i]",
            LaneCode = _ => $"{L}.Load({InputSeedSpan}, i)",
            Notation = n => "s̄",
        },

        // ── Elementwise arithmetic (scalars broadcast over vectors) ──
        new("Add", EmitKind.Elementwise, Element, Element)
        {
            IsSum = true,
            IsLaneWise = true,
            IsAffine = true,
            IsCheap = true,
            Lecture = new[] { "{ā} += {b̄}", "{c̄} += {b̄}" },
            SourceNames = new[] { "operator +" },
            InferShape = ShapeRules.Broadcast,
            Precedence = Additive,
            Code = c => $"{c.Arg(0, Additive)} + {c.Arg(1, Additive + 1)}",
            Notation = n => $"{n.Arg(0, Additive)} + {n.Arg(1, Additive + 1)}",
            Adjoint = new AdjointRule[] { b => One(b.Adjoint), b => One(b.Adjoint) },
            Onnx = OnnxRules.Same("Add"),
            Fold = (a, _) => a[0] + a[1],
            Simplify = s => s.IsConstant(0, 0) && s.HasNodeShape(1) ? s.Arg(1) : s.IsConstant(1, 0) && s.HasNodeShape(0) ? s.Arg(0) : null,
        },
        new("Sub", EmitKind.Elementwise, Element, Element)
        {
            IsLaneWise = true,
            IsAffine = true,
            IsCheap = true,
            Lecture = new[] { "{ā} += {b̄}", "{c̄} −= {b̄}" },
            SourceNames = new[] { "operator -" },
            InferShape = ShapeRules.Broadcast,
            Precedence = Additive,
            Code = c => $"{c.Arg(0, Additive)} - {c.Arg(1, Additive + 1)}",
            Notation = n => $"{n.Arg(0, Additive)} − {n.Arg(1, Additive + 1)}",
            Adjoint = new AdjointRule[] { b => One(b.Adjoint), b => One(b.Apply("Neg", b.Adjoint)) },
            Onnx = OnnxRules.Same("Sub"),
            Fold = (a, _) => a[0] - a[1],
            Simplify = s => s.IsConstant(1, 0) && s.HasNodeShape(0) ? s.Arg(0) : null,
        },
        new("Neg", EmitKind.Elementwise, Element)
        {
            IsLaneWise = true,
            IsAffine = true,
            IsCheap = true,
            Lecture = new[] { "{ā} −= {b̄}" },
            SourceNames = new[] { "unary -" },
            InferShape = ShapeRules.Broadcast,
            Precedence = Unary,
            Code = c => $"-{c.Arg(0, Unary + 1)}",
            Notation = n => $"−{n.Arg(0, Unary + 1)}",
            Adjoint = new AdjointRule[] { b => One(b.Apply("Neg", b.Adjoint)) },
            Onnx = OnnxRules.Same("Neg"),
            Fold = (a, _) => -a[0],
            Simplify = s => s.ArgOp(0) == "Neg" ? s.ArgArg(0, 0) : null,
        },
        new("Mul", EmitKind.Elementwise, Element, Element)
        {
            IsLaneWise = true,
            IsCheap = true,
            ScaledRowSum = "AddTransposedMatVec",
            Lecture = new[] { "{ā} += {b̄} ⊙ {c}", "{c̄} += {b̄} ⊙ {a}" },
            SourceNames = new[] { "operator *" },
            AcceptsRanks = r => r[0] < 2 && r[1] < 2,
            InferShape = ShapeRules.Broadcast,
            Precedence = Multiplicative,
            Code = c => $"{c.Arg(0, Multiplicative)} * {c.Arg(1, Multiplicative + 1)}",
            Notation = ProductNotation,
            Adjoint = new AdjointRule[]
            {
                b => One(b.Apply("Mul", b.Adjoint, b.Arg(1))),
                b => One(b.Apply("Mul", b.Adjoint, b.Arg(0))),
            },
            // A masked factor against one that may not be finite, or a 0 (which the masked form folds, dead branch and all).
            MaskedForm = m => m.IsMasked(0) && (!m.IsFinite(1) || m.IsZero(0)) || m.IsMasked(1) && (!m.IsFinite(0) || m.IsZero(1)) ? "MaskedMul" : null,
            Onnx = OnnxRules.Same("Mul"),
            Fold = (a, _) => a[0] * a[1],
            Simplify = TimesOne,
        },
        new("Div", EmitKind.Elementwise, Element, Element)
        {
            IsLaneWise = true,
            Lecture = new[] { "{ā} += {b̄} / {c}", "{c̄} −= {b̄} ⊙ {b} / {c}" },
            SourceNames = new[] { "operator /" },
            InferShape = ShapeRules.Broadcast,
            Precedence = Multiplicative,
            Code = c => $"{c.Arg(0, Multiplicative)} / {c.Arg(1, Multiplicative + 1)}",
            Notation = QuotientNotation,
            Adjoint = new AdjointRule[]
            {
                // ∂(a/c)/∂a = 1/c
                b => One(b.Apply("Div", b.Adjoint, b.Arg(1))),
                // ∂(a/c)/∂c = −a/c² = −(a/c)/c, reusing the forward value
                b => One(b.Apply("Neg", b.Apply("Mul", b.Adjoint, b.Apply("Div", b.Self, b.Arg(1))))),
            },
            MaskedForm = m => m.IsMasked(0) && !m.IsNonzeroConstant(1) ? "MaskedDiv" : null,
            Onnx = OnnxRules.Same("Div"),
            Fold = (a, _) => a[0] / a[1],
        },
        // Mul and Div of the backward pass where an argument is masked (Operation.MaskedForm): 0 stays 0.
        new("MaskedMul", EmitKind.Elementwise, Element, Element)
        {
            IsCheap = true,
            ScaledRowSum = "AddMaskedTransposedMatVec",
            InferShape = ShapeRules.Broadcast,
            Precedence = Multiplicative,
            Code = c => $"{K}.MaskedProduct({c.Arg(0)}, {c.Arg(1)})",
            LaneCode = c => $"{L}.MaskedProduct({c.Arg(0)}, {c.Arg(1)})",
            Notation = ProductNotation,
            Fold = (a, _) => a[0] == 0 || a[1] == 0 ? 0 : a[0] * a[1],
            Simplify = s => s.IsConstant(0, 0) ? Spread(s, 0) : s.IsConstant(1, 0) ? Spread(s, 1) : TimesOne(s),
        },
        new("MaskedDiv", EmitKind.Elementwise, Element, Element)
        {
            InferShape = ShapeRules.Broadcast,
            Precedence = Multiplicative,
            Code = c => $"{K}.MaskedQuotient({c.Arg(0)}, {c.Arg(1)})",
            LaneCode = c => $"{L}.MaskedQuotient({c.Arg(0)}, {c.Arg(1)})",
            Notation = QuotientNotation,
            Fold = (a, _) => a[0] == 0 ? 0 : a[0] / a[1],
            Simplify = s => s.IsConstant(0, 0) ? Spread(s, 0) : null,
        },

        // ── Elementwise functions ──
        Function("Tanh", c => $"{c.Math}.Tanh({c.Arg(0)})", "tanh", "{ā} += {b̄} ⊙ (1 − {b} ⊙ {b})",
            // ā += b̄ ⊙ (1 − b ⊙ b): the lecture's rule, reusing the forward value b
            b => One(b.Apply("Mul", b.Adjoint, b.Apply("Sub", b.Constant(1), b.Apply("Mul", b.Self, b.Self)))), "LeCun", hasSpanKernel: true),
        Function("Exp", c => $"{c.Math}.Exp({c.Arg(0)})", "exp", "{ā} += {b̄} ⊙ {b}",
            // ā += b̄ ⊙ b
            b => One(b.Apply("Mul", b.Adjoint, b.Self)), hasSpanKernel: true),
        Function("Log", c => $"{c.Math}.Log({c.Arg(0)})", "log", "{ā} += {b̄} / {a}",
            // ā += b̄ / a
            b => One(b.Apply("Div", b.Adjoint, b.Arg(0))), hasSpanKernel: true),
        Function("Sigmoid", c => $"{K}.Sigmoid({c.Arg(0)})", "σ", "{ā} += {b̄} ⊙ {b} ⊙ (1 − {b})",
            // ā += b̄ ⊙ b ⊙ (1 − b)
            b => One(b.Apply("Mul", b.Adjoint, b.Apply("Mul", b.Self, b.Apply("Sub", b.Constant(1), b.Self)))), "LeCun", hasSpanKernel: true),
        Function("Relu", c => $"{K}.Relu({c.Arg(0)})", "relu", "{ā} += {b̄} ⊙ step({a})",
            // ā += b̄ ⊙ step(a), with the subgradient 0 at a = 0
            b => One(b.Apply("Mul", b.Adjoint, b.Apply("Step", b.Arg(0)))), "He", OnnxRules.Relu, laneWise: true),
        Function("Square", c => $"{K}.Square({c.Arg(0)})", "sq", "{ā} += {b̄} ⊙ 2{a}",
            // ā += b̄ ⊙ 2a
            b => One(b.Apply("Mul", b.Adjoint, b.Apply("Mul", b.Constant(2), b.Arg(0)))),
            onnx: c => c.Node("Mul", c.Arg(0), c.Arg(0)), laneWise: true),
        Function("Sqrt", c => $"{c.Math}.Sqrt({c.Arg(0)})", "√", "{ā} += {b̄} / 2{b}",
            // ā += b̄ / (2b)
            b => One(b.Apply("Div", b.Adjoint, b.Apply("Mul", b.Constant(2), b.Self))), hasSpanKernel: true, laneWise: true),
        new("Pow", EmitKind.Elementwise, Element)
        {
            Lecture = new[] { "{ā} += {b̄} ⊙ p·{a}^(p−1)" },
            SourceNames = new[] { "Ops.Pow", "Math.Pow" },
            ConstantArgument = 1,
            InferShape = ShapeRules.Broadcast,
            Code = c => $"{c.Math}.Pow({c.Arg(0)}, {c.Value})",
            Notation = n => $"{n.Arg(0, Atom)}^{n.Value}",
            // ā += b̄ ⊙ p·a^(p−1)
            Adjoint = new AdjointRule[]
            {
                b => One(b.Apply("Mul", b.Adjoint, b.Apply("Mul", b.Constant(b.Value), b.ApplyWithValue("Pow", b.Value - 1, b.Arg(0))))),
            },
            Onnx = c => c.Node("Pow", c.Arg(0), c.Scalar(c.Value)),
            Simplify = s => s.Value.Equals(1.0) ? s.Arg(0) : null,
        },
        // |a|, with the subgradient sign(a): 0 at a = 0.
        Function("Abs", c => $"{c.Math}.Abs({c.Arg(0)})", "abs", "{ā} += {b̄} ⊙ sign({a})",
            // ā += b̄ ⊙ sign(a)
            b => One(b.Apply("Mul", b.Adjoint, b.Apply("Sign", b.Arg(0)))), laneWise: true),
        // max(a, c) and min(a, c), entrywise with scalars broadcast; on a tie the whole subgradient goes to a.
        Extremum("Max", "≥", "<", "IfGreaterOrEqual", (a, c) => a >= c),
        Extremum("Min", "≤", ">", "IfLessOrEqual", (a, c) => a <= c),
        // The lecture's classifier sign(f(x)): allowed only where no parameter's gradient flows through it.
        new("Sign", EmitKind.Elementwise, Element)
        {
            SourceNames = new[] { "Ops.Sign" },
            InferShape = ShapeRules.Broadcast,
            Code = c => $"{K}.Sign({c.Arg(0)})",
            LaneCode = c => $"{L}.Sign({c.Arg(0)})",
            Notation = n => $"sign({n.Arg(0)})",
            Onnx = OnnxRules.Sign,
        },
        // ── Conditionals l ∘ r ? a : c over doubles, entrywise inside index sums ──
        Conditional("IfGreater", ">", ">", "≤", (l, r) => l > r, OnnxRules.Where("Greater", negated: false)),
        Conditional("IfGreaterOrEqual", ">=", "≥", "<", (l, r) => l >= r, OnnxRules.Where("GreaterOrEqual", negated: false)),
        Conditional("IfLess", "<", "<", "≥", (l, r) => l < r, OnnxRules.Where("Less", negated: false)),
        Conditional("IfLessOrEqual", "<=", "≤", ">", (l, r) => l <= r, OnnxRules.Where("LessOrEqual", negated: false)),
        Conditional("IfEqual", "==", "=", "≠", (l, r) => l == r, OnnxRules.Where("Equal", negated: false)),
        Conditional("IfNotEqual", "!=", "≠", "=", (l, r) => l != r, OnnxRules.Where("Equal", negated: true)),
        // v[h] inside Sum(n, h => …): the vector itself, entry by entry; argument 1 fixes the range of h
        // (a vector's length or a matrix's rows), which the shape rule checks. The simplifier then drops it.
        new("IndexedBy", EmitKind.Elementwise, Element, None)
        {
            IsLaneWise = true,
            IsCheap = true,
            InferShape = ShapeRules.IndexedBy,
            Code = c => c.Arg(0, Atom),
            Notation = n => n.Arg(0, Atom),
            Onnx = c => c.Arg(0),
            Adjoint = new AdjointRule[] { b => One(b.Adjoint), b => System.Array.Empty<int>() },
            Simplify = s => s.Arg(0),
        },
        // A user function f(a) whose derivative the user supplies ([Derivative(nameof(fPrime))]). Callee is
        // "f|f′|k": f′ takes a (k = 1), or a and f(a) (k = 2), the forward value, as tanh's rule reuses it.
        new("Custom", EmitKind.Elementwise, Element)
        {
            Lecture = new[] { "{ā} += {b̄} ⊙ f′({a})" },
            InferShape = ShapeRules.Broadcast,
            // The user's method computes in double: a float32 model's value is narrowed back.
            Code = c => c.Narrow($"{CustomCall.Function(c.Callee)}({c.Arg(0)})"),
            Notation = n => $"{n.Callee}({n.Arg(0)})",
            // ONNX cannot run the user's C#: the export names the function instead of writing a file without it.
            Onnx = c => c.Unsupported($"it calls the custom function {CustomCall.Function(c.Callee).Replace("global::", string.Empty)} ([Derivative]), which has no ONNX operator"),
            // ā += b̄ ⊙ f′(a)
            Adjoint = new AdjointRule[]
            {
                b => One(b.Apply("Mul", b.Adjoint, CustomCall.TakesValue(b.Callee)
                    ? b.ApplyCall("CustomDerivativeOfValue", CustomCall.Derivative(b.Callee), b.Arg(0), b.Self)
                    : b.ApplyCall("CustomDerivative", CustomCall.Derivative(b.Callee), b.Arg(0)))),
            },
        },
        new("CustomDerivative", EmitKind.Elementwise, Element)
        {
            InferShape = ShapeRules.Broadcast,
            Code = c => c.Narrow($"{c.Callee}({c.Arg(0)})"),
            Notation = n => $"{n.Callee}({n.Arg(0)})",
        },
        new("CustomDerivativeOfValue", EmitKind.Elementwise, Element, Element)
        {
            InferShape = ShapeRules.Broadcast,
            Code = c => c.Narrow($"{c.Callee}({c.Arg(0)}, {c.Arg(1)})"),
            Notation = n => $"{n.Callee}({n.Arg(0)}, {n.Arg(1)})",
        },
        // Relu's derivative; only the backward pass uses it.
        new("Step", EmitKind.Elementwise, Element)
        {
            InferShape = ShapeRules.Broadcast,
            Code = c => $"{K}.Step({c.Arg(0)})",
            LaneCode = c => $"{L}.Step({c.Arg(0)})",
            Notation = n => $"step({n.Arg(0)})",
        },
        // A scalar used as every entry of a vector shaped like argument 1 (the adjoint of a sum).
        new("Broadcast", EmitKind.Elementwise, Element, None)
        {
            IsLaneWise = true,
            IsSpread = true,
            IsCheap = true,
            InferShape = ShapeRules.BroadcastLike,
            Onnx = OnnxRules.Spread,
            Code = c => c.Arg(0, Atom),
            Notation = n => n.Arg(0, Atom),
        },

        // ── Entries of a vector: x[k] at a constant index k, s[y] at a class loss's label y ──
        new("Entry", EmitKind.Elementwise, Whole)
        {
            IsIndexed = true,
            Lecture = new[] { "{ā} += {b̄} eₖ" },
            InferShape = ShapeRules.Entry,
            // The one entry, gathered along the last axis and summed there to a scalar ([batch, 1] when batched)
            Onnx = c => OnnxRules.SumLastAxis(c, c.Node("Gather", new[] { c.Arg(0), c.Indices((long)c.Value) }, ("axis", -1))),
            Code = c => $"{c.Whole(0)}[{c.Index}]",
            Notation = n => $"{n.Arg(0, Atom)}[{n.Value}]",
            // ā += b̄ e_k: b̄ at entry k, 0 elsewhere
            Adjoint = new AdjointRule[] { b => One(b.ApplyWithValue("OneHot", b.Value, b.Adjoint, b.Arg(0))) },
        },
        new("EntryAt", EmitKind.Elementwise, Whole, Element)
        {
            Lecture = new[] { "{ā} += {b̄} e_{c}" },
            InferShape = ShapeRules.EntryAt,
            Onnx = c => c.Unsupported("an entry at a class label occurs only in a loss, which is not exported"),
            Code = c => $"{c.Whole(0)}[{c.Arg(1)}]",
            Notation = n => $"{n.Arg(0, Atom)}[{n.Arg(1)}]",
            // ā += b̄ e_y; a label has no derivative
            Adjoint = new AdjointRule?[] { b => One(b.Apply("OneHotAt", b.Adjoint, b.Arg(0), b.Arg(1))), null },
        },
        // b̄ e_k spread over the shape of argument 1: the adjoint of an entry.
        new("OneHot", EmitKind.Elementwise, Element, None)
        {
            IsMasking = true,
            InferShape = ShapeRules.BroadcastLike,
            Precedence = Precedences.Conditional,
            Code = c => $"i == {c.Index} ? {c.Arg(0, Precedences.Conditional + 1)} : {c.Literal(0)}",
            Notation = n => $"[i = {n.Value}] {n.Arg(0, Atom)}",
        },
        new("OneHotAt", EmitKind.Elementwise, Element, None, Element)
        {
            IsMasking = true,
            InferShape = ShapeRules.BroadcastLike,
            Precedence = Precedences.Conditional,
            Code = c => $"i == {c.Arg(2)} ? {c.Arg(0, Precedences.Conditional + 1)} : {c.Literal(0)}",
            Notation = n => $"[i = {n.Arg(2)}] {n.Arg(0, Atom)}",
        },
        // v.Length, as a number (a mean is Sum(v) / v.Length): it reads no entry, so it has no adjoint.
        new("Length", EmitKind.Elementwise, None)
        {
            IsCheap = true,
            InferShape = ShapeRules.VectorToScalar,
            Code = c => $"({c.Real}){c.Length(0)}",
            Notation = n => $"len({n.Arg(0)})",
            Onnx = c => c.Unsupported("a vector's length used as a number has no ONNX mapping yet"),
            Adjoint = new AdjointRule[] { _ => System.Array.Empty<int>() },
        },
        // ── The softmax family, stable (shifted by the maximum) ──
        new("LogSumExp", EmitKind.Elementwise, Whole)
        {
            Lecture = new[] { "{ā} += {b̄} ⊙ exp({a} − {b})" },
            SourceNames = new[] { "Ops.LogSumExp" },
            AcceptsRanks = r => r.Length == 1 && r[0] == 1,
            InferShape = ShapeRules.VectorToScalar,
            Code = c => $"{K}.LogSumExp({c.Whole(0)})",
            Notation = n => $"logsumexp({n.Arg(0)})",
            // Over all axes of an unbatched vector; opset 17 takes the axes of a batched one as a list, not written yet.
            Onnx = c => c.IsBatchedResult ? c.Unsupported("LogSumExp of a value computed from the input (its axes list is not written yet)")
                : c.Node("ReduceLogSumExp", new[] { c.Arg(0) }, ("keepdims", 0)),
            // ā += b̄ ⊙ softmax(a) = b̄ ⊙ exp(a − b), reusing the forward value b: every exponent is ≤ 0, so none overflows
            Adjoint = new AdjointRule[] { b => One(b.Apply("Mul", b.Adjoint, b.Apply("Exp", b.Apply("Sub", b.Arg(0), b.Self)))) },
        },
        new("Softmax", EmitKind.Vector, Whole)
        {
            Lecture = new[] { "{ā} += {b} ⊙ ({b̄} − {b} · {b̄})" },
            SourceNames = new[] { "Ops.Softmax" },
            AcceptsRanks = r => r.Length == 1 && r[0] == 1,
            InferShape = ShapeRules.SameVector,
            Code = c => $"{K}.Softmax({c.Whole(0)}, {c.Target})",
            Notation = n => $"softmax({n.Arg(0)})",
            Onnx = c => c.Node("Softmax", new[] { c.Arg(0) }, ("axis", -1)),
            // ā += b ⊙ (b̄ − b · b̄): the softmax Jacobian diag(b) − b bᵀ applied to b̄, reusing the forward value b
            Adjoint = new AdjointRule[] { b => One(b.Apply("Mul", b.Self, b.Apply("Sub", b.Adjoint, b.Apply("Dot", b.Self, b.Adjoint)))) },
        },

        // ── Reductions to a scalar ──
        new("Dot", EmitKind.Reduction, Element, Element)
        {
            Block = BlockRule.MatrixVectorProduct,
            RowForm = "MatVec",
            Lecture = new[] { "{ā} += {b̄} {c}", "{c̄} += {b̄} {a}" },
            SourceNames = new[] { "Ops.Dot" },
            InferShape = ShapeRules.PairToScalar,
            Onnx = OnnxRules.Dot,
            Precedence = Multiplicative,
            Code = c => $"{c.Arg(0, Multiplicative)} * {c.Arg(1, Multiplicative + 1)}",
            WholeCode = c => $"{K}.Dot({c.Whole(0)}, {c.Whole(1)})",
            Notation = n => $"{n.Arg(0, Multiplicative)} · {n.Arg(1, Multiplicative + 1)}",
            // v̄ += b̄ h, h̄ += b̄ v
            Adjoint = new AdjointRule[]
            {
                b => One(b.Apply("Mul", b.Adjoint, b.Arg(1))),
                b => One(b.Apply("Mul", b.Adjoint, b.Arg(0))),
            },
        },
        new("Sum", EmitKind.Reduction, Element)
        {
            Lecture = new[] { "{ā}[h] += {b̄}" },
            SourceNames = new[] { "Ops.Sum" },
            AcceptsRanks = r => r.Length == 1 && r[0] == 1,
            InferShape = ShapeRules.VectorToScalar,
            Onnx = c => OnnxRules.SumLastAxis(c, c.Arg(0)),
            Code = c => c.Arg(0),
            Notation = n => $"Σ {n.Arg(0, Atom)}",
            // each ē_h += b̄
            Adjoint = new AdjointRule[] { b => One(b.Adjoint) },
            // Σ_h a[h]·b[h] is a dot product: index-sum notation becomes the same code as vector notation.
            Simplify = s => s.ArgOp(0) == "Mul" && s.ArgArgsAreVectors(0) ? s.Apply("Dot", s.ArgArg(0, 0), s.ArgArg(0, 1)) : null,
        },
        new("SqDist", EmitKind.Reduction, Element, Element)
        {
            RowForm = "SqDistRows",
            Lecture = new[] { "{ā} += 2 {b̄} ({a} − {c})", "{c̄} += 2 {b̄} ({c} − {a})" },
            SourceNames = new[] { "Ops.SqDist" },
            AcceptsRanks = r => r[0] == 1 && r[1] == 1,
            InferShape = ShapeRules.PairToScalar,
            Onnx = OnnxRules.SquaredDistance,
            Code = c => $"{K}.Square({c.Arg(0, Additive)} - {c.Arg(1, Additive + 1)})",
            WholeCode = c => $"{K}.SqDist({c.Whole(0)}, {c.Whole(1)})",
            Notation = n => $"‖{n.Arg(0, Additive)} − {n.Arg(1, Additive + 1)}‖²",
            // x̄ += 2 b̄ (x − w), w̄ += 2 b̄ (w − x)
            Adjoint = new AdjointRule[]
            {
                b => One(b.Apply("Mul", TwiceAdjoint(b), b.Apply("Sub", b.Arg(0), b.Arg(1)))),
                b => One(b.Apply("Mul", TwiceAdjoint(b), b.Apply("Sub", b.Arg(1), b.Arg(0)))),
            },
        },

        // ── Matrix by vector, one row per entry ──
        new("MatVec", EmitKind.Elementwise, Whole, Whole)
        {
            Block = BlockRule.MatrixProduct,
            IsWeightProduct = true,
            Lecture = new[] { "{ā} += {b̄} {c}ᵀ", "{c̄} += {a}ᵀ {b̄}" },
            SourceNames = new[] { "operator *" },
            AcceptsRanks = r => r[0] == 2,
            InferShape = ShapeRules.MatrixByVector,
            Onnx = OnnxRules.MatrixByVector,
            Code = c => $"{K}.Dot({c.Row(0)}, {c.Whole(1)})",
            WholeCode = c => $"{K}.MatVec({c.Whole(0)}, {c.Whole(1)}, {c.Target})",
            WholeAddCode = (c, addend) => $"{K}.MatVec({c.Whole(0)}, {c.Whole(1)}, {addend}, {c.Target})",
            Notation = n => $"{n.Arg(0, Atom)}·{n.Arg(1, Atom)}",
            // W̄ += b̄ xᵀ, x̄ += Wᵀ b̄
            Adjoint = new AdjointRule[]
            {
                b => One(b.Apply("Outer", b.Adjoint, b.Arg(1))),
                b => One(b.Apply("MatTVec", b.Arg(0), b.Adjoint)),
            },
        },
        new("SqDistRows", EmitKind.Elementwise, Whole, Whole)
        {
            Lecture = new[] { "{ā}[h] += 2 {b̄}[h] ({a}[h] − {c})", "{c̄} += Σ_h 2 {b̄}[h] ({c} − {a}[h])" },
            SourceNames = new[] { "Ops.SqDist" },
            AcceptsRanks = r => r[0] == 2 && r[1] == 1,
            InferShape = ShapeRules.MatrixByVector,
            Onnx = OnnxRules.RowDistances,
            Code = c => $"{K}.SqDist({c.Row(0)}, {c.Whole(1)})",
            WholeCode = c => $"{K}.SqDistRows({c.Whole(0)}, {c.Whole(1)}, {c.Target})",
            Notation = n => $"sqd({n.Arg(0)}, {n.Arg(1)})",
            Adjoint = new AdjointRule[]
            {
                // W̄[h] += 2 b̄[h] (W[h] − x), one pass per row
                b => One(b.Apply("RowDifference", TwiceAdjoint(b), b.Arg(0), b.Arg(1))),
                // x̄ += Σ_h 2 b̄[h] (x − W[h]) = (Σ 2b̄) x − Wᵀ(2b̄)
                b => One(b.Apply("Sub",
                    b.Apply("Mul", b.Apply("Sum", TwiceAdjoint(b)), b.Arg(1)),
                    b.Apply("MatTVec", b.Arg(0), TwiceAdjoint(b)))),
            },
        },

        // ── Internal ops of the backward pass ──
        new("MatTVec", EmitKind.Scatter, Whole, Element)
        {
            Block = BlockRule.TransposedMatrixProduct,
            InferShape = ShapeRules.TransposedMatrixByVector,
            Code = c => $"{K}.AddScaled({c.Target}, {c.Arg(1)}, {c.Row(0)})",
            Notation = n => $"{n.Arg(0, Atom)}ᵀ{n.Arg(1, Atom)}",
        },
        new("Outer", EmitKind.MatrixTerm, Element, Whole)
        {
            Block = BlockRule.OuterProductSum,
            IsRankOne = true,
            InferShape = ShapeRules.Outer,
            Code = c => $"{K}.AddScaled({c.Target}, {c.Arg(0)}, {c.Whole(1)})",
            Notation = n => $"{n.Arg(0, Atom)} {n.Arg(1, Atom)}ᵀ",
        },
        // Row h is s[h]·(M[h] − x): the matrix term of a row-wise squared distance's adjoint.
        new("RowDifference", EmitKind.MatrixTerm, Element, Whole, Whole)
        {
            InferShape = ShapeRules.RowScale,
            Code = c => $"{K}.AddScaledDifference({c.Target}, {c.Arg(0)}, {c.Row(1)}, {c.Whole(2)})",
            Notation = n => $"diag({n.Arg(0)}) ({n.Arg(1, Atom)} − 𝟙{n.Arg(2, Atom)}ᵀ)",
        },
        new(Accumulate, EmitKind.Sink, None, Element)
        {
            Block = BlockRule.RowSum,
            InferShape = ShapeRules.First,
            Code = c => $"{c.Target} += {c.Arg(1)}",
            LaneCode = c => $"{L}.AddTo({c.Target}, i, {c.Arg(1)})",
            Notation = n => n.Arg(1),
        },
    };

    private static readonly Dictionary<string, Operation> s_byName = s_all.ToDictionary(o => o.Name);

    /// <summary>Every operation, in table order.</summary>
    public static IReadOnlyList<Operation> All => s_all;

    public static Operation Get(string name) => s_byName[name];

    /// <summary>The op a method or operator of the model language maps to, given its arguments' ranks.</summary>
    public static Operation? FindBySource(string sourceName, int[] ranks) =>
        s_all.FirstOrDefault(o => o.SourceNames.Contains(sourceName) && (o.AcceptsRanks is null || o.AcceptsRanks(ranks)));

    /// <summary>Whether some op is written this way, with whatever arguments.</summary>
    public static bool HasSource(string sourceName) => s_all.Any(o => o.SourceNames.Contains(sourceName));

    /// <summary>The functions a model may call, for diagnostics that list what is supported.</summary>
    public static string SupportedFunctions =>
        string.Join(", ", s_all.SelectMany(o => o.SourceNames).Where(n => n.StartsWith("Ops.", StringComparison.Ordinal)).Distinct().OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => HasSource("Math." + n.Substring(4)) && InSystemMath(n.Substring(4)) ? $"{n} (or Math.{n.Substring(4)})" : n))
        + ", the operators + − * /, conditionals 'l > r ? a : c' (any comparison) and constants";

    // The table accepts Math.X for every function, but only those System.Math declares can be written.
    private static bool InSystemMath(string name) => typeof(Math).GetMethods().Any(m => m.Name == name);

    private static Operation Function(string name, Func<ICodeContext, string> code, string lecture, string rule, AdjointRule adjoint,
        string initialization = "", Func<IOnnxContext, string>? onnx = null, bool hasSpanKernel = false, bool laneWise = false) =>
        new(name, EmitKind.Elementwise, Element)
        {
            // SymGrad.Lanes has the function lane by lane, with the scalar form's bits (not tanh, exp, log, σ: their SIMD forms differ in the last ulps).
            LaneCode = laneWise ? c => $"{L}.{name}({c.Arg(0)})" : null,
            SpanKernel = hasSpanKernel ? name : string.Empty,
            WholeCode = hasSpanKernel ? c => $"{K}.{name}({c.Whole(0)}, {c.Target})" : null,
            Onnx = onnx ?? OnnxRules.Same(name),
            Initialization = initialization,
            Lecture = new[] { rule },
            SourceNames = new[] { "Ops." + name, "Math." + name },
            InferShape = ShapeRules.Broadcast,
            Code = code,
            Notation = n => $"{lecture}({n.Arg(0)})",
            Adjoint = new[] { adjoint },
        };

    /// <summary>
    /// <c>l ∘ r ? a : c</c>, with arguments (a, c, l, r). Each branch gets the adjoint where it was chosen. The
    /// comparison gets none: it has no derivative, and where the model jumps as it flips, a gradient that ignored it
    /// would be silently wrong. The generator cannot tell a jump from a kink, so SG0014 keeps it off the gradient path.
    /// </summary>
    private static Operation Conditional(string name, string symbol, string notation, string negation, Func<double, double, bool> holds,
        Func<IOnnxContext, string> onnx)
    {
        int comparison = symbol is "==" or "!=" ? Equality : Relational;
        return new(name, EmitKind.Elementwise, Element, Element, Element, Element)
        {
            Lecture = new[] { $"{{ā}} += [{{l}} {notation} {{r}}] {{b̄}}", $"{{c̄}} += [{{l}} {negation} {{r}}] {{b̄}}" },
            SourceNames = new[] { "operator " + symbol },
            InferShape = ShapeRules.Broadcast,
            IsConditional = true,
            Onnx = onnx,
            Precedence = Precedences.Conditional,
            Code = c => $"{c.Arg(2, comparison + 1)} {symbol} {c.Arg(3, comparison + 1)} ? {c.Arg(0, Precedences.Conditional + 1)} : {c.Arg(1, Precedences.Conditional + 1)}",
            LaneCode = c => $"{L}.{name}({c.Arg(2)}, {c.Arg(3)}, {c.Arg(0)}, {c.Arg(1)})",
            Notation = n => $"{n.Arg(2, comparison + 1)} {notation} {n.Arg(3, comparison + 1)} ? {n.Arg(0, Precedences.Conditional + 1)} : {n.Arg(1, Precedences.Conditional + 1)}",
            Adjoint = new AdjointRule?[]
            {
                // ā += [l ∘ r] b̄
                b => One(b.Apply(name, b.Adjoint, b.Constant(0), b.Arg(2), b.Arg(3))),
                // c̄ += [not l ∘ r] b̄
                b => One(b.Apply(name, b.Constant(0), b.Adjoint, b.Arg(2), b.Arg(3))),
                null,
                null,
            },
            NotDifferentiable = ("The comparison in '{0}'",
                "a comparison may read only the input, a loss's target and constants: it has no derivative, and where the model jumps as the comparison flips, a gradient that ignored it would be wrong (for a kink such as max(0, a), use Relu)"),
            Fold = (v, _) => holds(v[2], v[3]) ? v[0] : v[1],
            // Equal branches, or a comparison of constants, leave one branch (spread over the node's shape if a scalar).
            Simplify = s => s.Arg(0) == s.Arg(1) ? Spread(s, 0)
                : s.TryGetConstant(2, out double l) && s.TryGetConstant(3, out double r) ? Spread(s, holds(l, r) ? 0 : 1)
                : null,
        };
    }

    /// <summary>
    /// max(a, c) or min(a, c), entrywise: a where <c>a ∘ c</c> holds (ties included), else c. The subgradient follows
    /// the chosen argument, written with the conditional <paramref name="conditional"/> so that it is masked like a branch.
    /// </summary>
    private static Operation Extremum(string name, string notation, string negation, string conditional, Func<double, double, bool> holds) =>
        new(name, EmitKind.Elementwise, Element, Element)
        {
            Lecture = new[] { $"{{ā}} += [{{a}} {notation} {{c}}] {{b̄}}", $"{{c̄}} += [{{a}} {negation} {{c}}] {{b̄}}" },
            SourceNames = new[] { "Ops." + name, "Math." + name },
            AcceptsRanks = r => r.Length == 2 && r[0] < 2 && r[1] < 2,
            InferShape = ShapeRules.Broadcast,
            Code = c => $"{K}.{name}({c.Arg(0)}, {c.Arg(1)})",
            LaneCode = c => $"{L}.{name}({c.Arg(0)}, {c.Arg(1)})",
            Notation = n => $"{name.ToLowerInvariant()}({n.Arg(0)}, {n.Arg(1)})",
            Onnx = OnnxRules.Same(name),
            Adjoint = new AdjointRule[]
            {
                // ā += [a ∘ c] b̄
                b => One(b.Apply(conditional, b.Adjoint, b.Constant(0), b.Arg(0), b.Arg(1))),
                // c̄ += [not a ∘ c] b̄
                b => One(b.Apply(conditional, b.Constant(0), b.Adjoint, b.Arg(0), b.Arg(1))),
            },
            Fold = (v, _) => double.IsNaN(v[0]) || double.IsNaN(v[1]) ? double.NaN : holds(v[0], v[1]) ? v[0] : v[1],
        };

    /// <summary>Argument k standing in for the node: itself, or a scalar spread like an argument that has the node's shape.</summary>
    private static int? Spread(ISimplifyContext s, int k)
    {
        if (s.HasNodeShape(k)) return s.Arg(k);
        for (int j = 0; j < s.ArgCount; j++)
            if (s.HasNodeShape(j)) return s.Apply("Broadcast", s.Arg(k), s.Arg(j));
        return null;
    }

    // a · b, or a ⊙ b between vectors, as the lecture writes them.
    private static string ProductNotation(INotationContext n) =>
        $"{n.Arg(0, Multiplicative)} {(n.IsVector(0) && n.IsVector(1) ? "⊙" : "·")} {n.Arg(1, Multiplicative + 1)}";

    // a / c.
    private static string QuotientNotation(INotationContext n) => $"{n.Arg(0, Multiplicative)} / {n.Arg(1, Multiplicative + 1)}";

    // x·1 = 1·x = x.
    private static int? TimesOne(ISimplifyContext s) =>
        s.IsConstant(0, 1) && s.HasNodeShape(1) ? s.Arg(1) : s.IsConstant(1, 1) && s.HasNodeShape(0) ? s.Arg(0) : null;

    private static int TwiceAdjoint(IAdjointBuilder b) => b.Apply("Mul", b.Constant(2), b.Adjoint);

    private static int[] One(int node) => new[] { node };
}
