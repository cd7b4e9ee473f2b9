using System;
using System.Collections.Generic;
using SymGrad.Generator.Model;

namespace SymGrad.Generator.Operations;

/// <summary>How an operation's code is laid out by the emitter.</summary>
internal enum EmitKind
{
    /// <summary>A value that is not computed: the input, a parameter, a constant.</summary>
    Source,
    /// <summary>A scalar statement outside loops whose code the emitter writes specially (the loss and its seed).</summary>
    Statement,
    /// <summary>Entry i of the result depends on entry i of its Element arguments (matrix rows count as entries).</summary>
    Elementwise,
    /// <summary>A scalar accumulated over a loop of its vector arguments (dot, sum, squared distance).</summary>
    Reduction,
    /// <summary>A vector built by adding rows of a matrix while looping over the matrix's rows (Wᵀy).</summary>
    Scatter,
    /// <summary>A vector written whole by one call outside any loop into its buffer (softmax, a vector loss's seed).</summary>
    Vector,
    /// <summary>A matrix-shaped gradient term, never stored: its sink adds row i of it into a gradient row.</summary>
    MatrixTerm,
    /// <summary>Adds a value into a parameter's block of the gradient.</summary>
    Sink,
}

/// <summary>
/// How a minibatch's method computes an op over a block of B examples (rows) at once; see <see cref="Operation.Block"/>.
/// </summary>
internal enum BlockRule
{
    /// <summary>Row by row: the op's per-example <see cref="Operation.Code"/> for example r, over row r of each batched argument.</summary>
    Rows,
    /// <summary>W·x for every row x of X: one GEMM, X Wᵀ (argument 0 a parameter matrix, argument 1 batched).</summary>
    MatrixProduct,
    /// <summary>Wᵀy for every row y of Y: one GEMM, Y W (argument 0 a parameter matrix, argument 1 batched).</summary>
    TransposedMatrixProduct,
    /// <summary>A matrix term a cᵀ whose sink sums it over the rows: one GEMM, Aᵀ C (both arguments batched).</summary>
    OuterProductSum,
    /// <summary>
    /// A dot product of every row with a vector computed without the input (v · h): one matrix–vector product of the
    /// B×n block, H v (one argument batched, the other not).
    /// </summary>
    MatrixVectorProduct,
    /// <summary>
    /// A gradient sink summing a batched vector over the rows: the column sums of its B×n block, or, for a per-row scalar
    /// times a row (an op with a <see cref="Operation.ScaledRowSum"/> kernel), one transposed matrix–vector product Xᵀa.
    /// </summary>
    RowSum,
    /// <summary>No block form: a model that uses the op runs its minibatch methods per example.</summary>
    None,
}

/// <summary>How an operation reads one argument inside a loop over index i.</summary>
internal enum Access
{
    /// <summary>Entry i (or the whole value when the argument is a scalar).</summary>
    Element,
    /// <summary>The whole vector or matrix, which must therefore be complete before the loop starts.</summary>
    Whole,
    /// <summary>Not read at all; the argument only lends its shape (Broadcast).</summary>
    None,
}

/// <summary>Builds one adjoint contribution to one argument; see <see cref="Operation.Adjoint"/>.</summary>
internal delegate IEnumerable<int> AdjointRule(IAdjointBuilder b);

/// <summary>
/// One entry of the table of operations: everything the generator knows about an op, in one place.
/// Parse finds it by its source name, Shapes runs its shape rule, Differentiate its adjoint rules,
/// Optimize its folding rule and Emit its code and notation.
/// </summary>
internal sealed class Operation
{
    public Operation(string name, EmitKind kind, params Access[] access)
    {
        Name = name;
        Kind = kind;
        Access = access;
    }

    /// <summary>The op's name in the graph.</summary>
    public string Name { get; }

    public EmitKind Kind { get; }

    /// <summary>How each argument is read; its length is the op's arity.</summary>
    public Access[] Access { get; }

    public int Arity => Access.Length;

    /// <summary>The methods or operators (e.g. "Ops.Tanh", "Math.Tanh", "operator *") that the parser maps to this op.</summary>
    public string[] SourceNames { get; init; } = Array.Empty<string>();

    /// <summary>The ranks of arguments this op accepts when parsed (null: any); picks between overloads such as SqDist.</summary>
    public Func<int[], bool>? AcceptsRanks { get; init; }

    /// <summary>The index of a source argument that must be a compile-time constant and becomes <see cref="Node.Value"/> (Pow's exponent), or -1.</summary>
    public int ConstantArgument { get; init; } = -1;

    /// <summary>Infers the result's shape, unifying argument dimensions; reports mismatches through the context.</summary>
    public Func<ShapeContext, Shape?> InferShape { get; init; } = _ => null;

    /// <summary>The C# expression for one entry (or, for a reduction, one term; for a matrix term, one row update).</summary>
    public Func<ICodeContext, string> Code { get; init; } = _ => throw new NotSupportedException();

    /// <summary>Precedence of <see cref="Code"/>'s and <see cref="Notation"/>'s outermost operator (100: an atom).</summary>
    public int Precedence { get; init; } = Precedences.Atom;

    /// <summary>How the lecture writes the op, for comments in generated code.</summary>
    public Func<INotationContext, string> Notation { get; init; } = n => n.Op;

    /// <summary>
    /// One rule per argument giving <c>b̄ · ∂b/∂argᵢ</c>; null when the op is not differentiable, and a null entry
    /// when it is not differentiable in that argument (a conditional's comparison).
    /// </summary>
    public AdjointRule?[]? Adjoint { get; init; }

    /// <summary>
    /// For an op with a null adjoint rule: what SG0014 calls the offending part, given the node's source text
    /// ("'{0}'", "The comparison in '{0}'"), and how to fix it.
    /// </summary>
    public (string What, string Fix) NotDifferentiable { get; init; } = ("'{0}'", "use it only outside the gradient path");

    /// <summary>
    /// The adjoint rule as the lecture writes it, one line per argument, for the computation-graph picture:
    /// {b} is the node, {a} and {c} its first and second argument, {b̄}, {ā}, {c̄} their adjoints, and {l}, {r}
    /// a conditional's comparison.
    /// </summary>
    public string[] Lecture { get; init; } = Array.Empty<string>();

    /// <summary>
    /// A matrix term that is one outer product <c>a cᵀ</c> of argument 0 (its rows' factor, read entry by entry) and
    /// argument 1 (its columns' factor, read whole): a parameter whose only gradient contribution is such a term has a
    /// rank-1 per-example gradient, which <c>GradientFactored</c> hands to the training loop as its two factors.
    /// </summary>
    public bool IsRankOne { get; init; }

    /// <summary>
    /// One arithmetic instruction per entry: applied to parameters, inputs and constants only, such a value is
    /// recomputed where it is read rather than stored in a buffer between the forward and backward passes.
    /// </summary>
    public bool IsCheap { get; init; }

    /// <summary>
    /// For an expensive elementwise function (tanh, exp, log, σ, √), the method of <c>SymGrad.Kernels</c> that applies it
    /// to a whole span at once, <c>Kernels.Name(ReadOnlySpan&lt;double&gt; a, Span&lt;double&gt; result)</c>, with SIMD: code
    /// over a vector or a minibatch's block calls it instead of the per-entry <see cref="Code"/>. Empty for other ops.
    /// </summary>
    public string SpanKernel { get; init; } = string.Empty;

    /// <summary>
    /// Whether <see cref="Code"/>, given <c>Vector&lt;T&gt;</c> operands, computes every lane exactly as it computes one
    /// entry: the op is one of Vector&lt;T&gt;'s operators (+ − * /, unary −) or passes its argument on. See <see cref="LaneForm"/>.
    /// </summary>
    public bool IsLaneWise { get; init; }

    /// <summary>
    /// For an op whose per-entry <see cref="Code"/> calls a scalar function (Kernels.Relu, a conditional's ?:): the same
    /// over <c>Vector&lt;T&gt;</c> operands, bit for bit in every lane (SymGrad.Lanes.Relu …). A sink's template gets the
    /// gradient block's span as <see cref="ICodeContext.Target"/>; the lanes start at entry i.
    /// </summary>
    public Func<ICodeContext, string>? LaneCode { get; init; }

    /// <summary>
    /// The op's code over <c>Vector&lt;T&gt;.Count</c> entries at once (lanes i … i + Count − 1), giving the bits the scalar
    /// code gives in each lane; null for an op without one (tanh inlined, a user's function), whose loop stays scalar.
    /// </summary>
    public Func<ICodeContext, string>? LaneForm => LaneCode ?? (IsLaneWise ? Code : null);

    /// <summary>
    /// The op over whole vectors in one call into <c>SymGrad.Kernels</c>, for per-example code: for a vector result a
    /// statement that writes <see cref="ICodeContext.Target"/> (tanh's <see cref="SpanKernel"/>, W·x over every row),
    /// for a reduction the scalar's expression (v · h). The Optimize stage splits a fused loop at such a node (loop
    /// fission): its arguments are completed first, then the call runs once. Null for ops that stay entry by entry.
    /// </summary>
    public Func<ICodeContext, string>? WholeCode { get; init; }

    /// <summary>
    /// For an op with a vector <see cref="WholeCode"/> (W·x): the same call writing its value plus a vector, given that
    /// vector's span (<c>Kernels.MatVec(W, x, b, result)</c>: each entry the row's sum plus b[i], rounded as the two ops
    /// apart). The Optimize stage lets such a call compute a <see cref="IsSum"/> node that is its only reader (W·x + b:
    /// one pass, no buffer for W·x). Null for other ops.
    /// </summary>
    public Func<ICodeContext, string, string>? WholeAddCode { get; init; }

    /// <summary>a + b, entry by entry: the sum a <see cref="WholeAddCode"/> call can compute as it writes its result.</summary>
    public bool IsSum { get; init; }

    /// <summary>
    /// How ForwardBatch and GradientBatch compute the op over a minibatch (the batch axis is a property of the stage: every
    /// value that depends on the input or the target gets a leading B axis, parameters do not). Row by row unless a block
    /// form exists; ops with a <see cref="SpanKernel"/> run it over the whole B×n block.
    /// </summary>
    public BlockRule Block { get; init; } = BlockRule.Rows;

    /// <summary>
    /// For a product (Mul, MaskedMul): the method of <c>SymGrad.Kernels</c> that sums a·X over a minibatch's rows, where a
    /// holds one scalar and X one vector per row: <c>Name(X, a, sums, rows)</c> adds Xᵀa into sums, each term as this op
    /// computes it. A gradient sink (<see cref="BlockRule.RowSum"/>) of such a value calls it. Empty for other ops.
    /// </summary>
    public string ScaledRowSum { get; init; } = string.Empty;

    /// <summary>
    /// For an activation function, the initialisation scheme (a SymGrad.InitializationScheme name) that suits a weight
    /// matrix feeding it: LeCun's 1/√fan-in for tanh and the sigmoid (the scheme designed for them), He's √(2/fan-in) for
    /// ReLU, which zeroes half its inputs. Empty for other ops.
    /// </summary>
    public string Initialization { get; init; } = string.Empty;

    /// <summary>An affine step (adding a bias, negating) between a matrix product and the activation it feeds.</summary>
    public bool IsAffine { get; init; }

    /// <summary>Multiplies its first argument, a weight matrix, by a vector: what an activation's initialisation is for.</summary>
    public bool IsWeightProduct { get; init; }

    /// <summary>
    /// The node's constant attribute is an index into argument 0 (x[2]): the shape checker and the generated constructor
    /// check that the vector is long enough.
    /// </summary>
    public bool IsIndexed { get; init; }

    /// <summary>
    /// An exact 0 wherever it does not pass its argument on (the one-hot adjoint of an entry), so, like a conditional's
    /// unchosen branch, it is masked: the backward pass keeps that 0 a 0 against NaN and infinity.
    /// </summary>
    public bool IsMasking { get; init; }

    /// <summary>The loss L or its seed ∂L/∂g: they read the model's score itself, never a masked copy of it.</summary>
    public bool IsLoss { get; init; }

    /// <summary>
    /// The op's value is the loss L, which the runtime's losses compute in double whatever the model's element type: a
    /// float32 model declares it double (its seed ∂L/∂g is narrowed back to float by its template, <see cref="ICodeContext.Narrow"/>).
    /// </summary>
    public bool IsLossValue { get; init; }

    /// <summary>A conditional l ∘ r ? a : c, with arguments (a, c, l, r).</summary>
    public bool IsConditional { get; init; }

    /// <summary>
    /// In the backward pass, when an argument is masked (a value a conditional may have set to exactly 0 where it
    /// chose its other branch, or a constant 0), the op to use instead so that such a 0 stays 0 against a NaN, an
    /// infinity or a 0 divisor from the unchosen branch (a product, a numerator); null to keep this op.
    /// </summary>
    public Func<IMaskContext, string?>? MaskedForm { get; init; }

    /// <summary>Only spreads a scalar over a vector's shape, which elementwise ops do by themselves.</summary>
    public bool IsSpread { get; init; }

    /// <summary>
    /// In an index sum, the op this one becomes when an argument is a matrix row W[h]: Dot(W[h], x) is entry h of W·x.
    /// </summary>
    public string RowForm { get; init; } = string.Empty;

    /// <summary>
    /// An algebraic identity the optimiser applies (x·1 = x, −(−x) = x, Σ a⊙b = a·b): the node that replaces this
    /// one, or null to keep it. Constant folding (<see cref="Fold"/>) is tried first.
    /// </summary>
    public Func<ISimplifyContext, int?>? Simplify { get; init; }

    /// <summary>Evaluates the op on constants, for constant folding; null when it cannot be folded.</summary>
    public Func<double[], double, double>? Fold { get; init; }

    /// <summary>
    /// The op as standard ONNX operators, for a model's exported forward graph: adds the operators through the context
    /// and returns the name of the value holding the result (see <see cref="OnnxRules"/>). Null for an op that only the
    /// backward pass uses, which a forward graph never holds.
    /// </summary>
    public Func<IOnnxContext, string>? Onnx { get; init; }
}

/// <summary>Operator precedences shared by code and notation (higher binds tighter).</summary>
internal static class Precedences
{
    public const int Conditional = 10;
    public const int Equality = 50;
    public const int Relational = 60;
    public const int Additive = 70;
    public const int Multiplicative = 80;
    public const int Unary = 90;
    public const int Atom = 100;
}

/// <summary>What an op's code template can ask of the emitter.</summary>
internal interface ICodeContext
{
    /// <summary>Argument k's entry i (or the scalar), parenthesised unless its precedence is at least <paramref name="minPrecedence"/>.</summary>
    string Arg(int k, int minPrecedence = 0);

    /// <summary>Row i of matrix argument k, as a span.</summary>
    string Row(int k);

    /// <summary>The whole of vector argument k, as a span.</summary>
    string Whole(int k);

    /// <summary>The node's constant attribute as a C# literal.</summary>
    string Value { get; }

    /// <summary>The node's constant attribute as an int literal (an index).</summary>
    string Index { get; }

    /// <summary>The length of vector argument k: a dimension's local or a literal.</summary>
    string Length(int k);

    /// <summary>Where a scatter or a gradient sink writes: the output span, or the gradient entry or row.</summary>
    string Target { get; }

    /// <summary>The fully qualified user method a custom function node calls.</summary>
    string Callee { get; }

    /// <summary>The C# type of the model's values (double, or float for a float32 model).</summary>
    string Real { get; }

    /// <summary>The class of the element type's functions: System.Math, or System.MathF for a float32 model.</summary>
    string Math { get; }

    /// <summary>A constant as a literal of the model's element type (0.0, or 0.0f).</summary>
    string Literal(double value);

    /// <summary>A double-valued expression (a loss's derivative, a user method's result) as a value of the element type.</summary>
    string Narrow(string code);

    /// <summary>The call of a vector model's loss member (Value, Derivative) on score spans of the element type.</summary>
    string ScoreLoss(string member);
}

/// <summary>What an op's notation template can ask for.</summary>
internal interface INotationContext
{
    string Arg(int k, int minPrecedence = 0);

    string Value { get; }

    /// <summary>Whether argument k is a vector (the lecture writes ⊙ between vectors, · otherwise).</summary>
    bool IsVector(int k);

    /// <summary>The short name of the user method a custom function node calls.</summary>
    string Callee { get; }

    /// <summary>The op's name, for ops without a template.</summary>
    string Op { get; }
}

/// <summary>What an op's simplification rule can ask about the node being rebuilt and its (already simplified) arguments.</summary>
internal interface ISimplifyContext
{
    /// <summary>The node's argument k.</summary>
    int Arg(int k);

    /// <summary>The op of argument k.</summary>
    string ArgOp(int k);

    /// <summary>Argument j of argument k.</summary>
    int ArgArg(int k, int j);

    /// <summary>Whether argument k is the constant <paramref name="value"/>.</summary>
    bool IsConstant(int k, double value);

    /// <summary>Argument k's value when it is a constant.</summary>
    bool TryGetConstant(int k, out double value);


    /// <summary>Whether argument k has the node's own shape, so it can stand in for the node.</summary>
    bool HasNodeShape(int k);

    /// <summary>The node's number of arguments.</summary>
    int ArgCount { get; }

    /// <summary>Whether every argument of argument k is a vector.</summary>
    bool ArgArgsAreVectors(int k);

    /// <summary>The node's constant attribute.</summary>
    double Value { get; }

    /// <summary>Adds a node with the node's own shape.</summary>
    int Apply(string op, params int[] args);
}

/// <summary>What <see cref="Operation.MaskedForm"/> can ask about a backward node's arguments.</summary>
internal interface IMaskContext
{
    /// <summary>Whether argument k may be a 0 that stands for "this branch was not chosen".</summary>
    bool IsMasked(int k);

    /// <summary>Whether argument k is finite whatever the branches: a finite constant or a parameter.</summary>
    bool IsFinite(int k);

    /// <summary>Whether argument k is a finite constant other than 0.</summary>
    bool IsNonzeroConstant(int k);

    /// <summary>Whether argument k is the constant 0 (a dead branch's adjoint, once its condition folded).</summary>
    bool IsZero(int k);
}

/// <summary>What an adjoint rule can build: nodes of the adjoint program, with CSE and folding.</summary>
internal interface IAdjointBuilder
{
    /// <summary>The adjoint b̄ of the node being differentiated.</summary>
    int Adjoint { get; }

    /// <summary>The node b itself (its forward value).</summary>
    int Self { get; }

    /// <summary>The node's argument k.</summary>
    int Arg(int k);

    /// <summary>The node's constant attribute.</summary>
    double Value { get; }

    int Constant(double value);

    /// <summary>Adds a node of the op named <paramref name="op"/>.</summary>
    int Apply(string op, params int[] args);

    /// <summary>Adds a node with a constant attribute (Pow's exponent).</summary>
    int ApplyWithValue(string op, double value, params int[] args);

    /// <summary>The user method the node calls (a custom function), empty otherwise.</summary>
    string Callee { get; }

    /// <summary>Adds a node that calls a user method.</summary>
    int ApplyCall(string op, string callee, params int[] args);
}
