using SymGrad.Generator.Common;
using SymGrad.Generator.Model;

namespace SymGrad.Generator.Optimize;

/// <summary>A run of straight-line scalar statements, or one loop over <see cref="Loop"/> holding fused nodes.</summary>
internal sealed record Step(bool IsLoop, Dim Loop, EquatableArray<int> Nodes)
{
    /// <summary>
    /// A loop every node of which has a lane form (<see cref="Operations.Operation.LaneForm"/>): it runs
    /// <c>Vector&lt;T&gt;.Count</c> entries at a time, then the remaining entries one by one.
    /// </summary>
    public bool InLanes { get; init; }
}

/// <summary>The schedule of one generated method.</summary>
/// <param name="Steps">The steps in order.</param>
/// <param name="Stored">Vector nodes written to a buffer, because a later loop or a whole-vector read needs them.</param>
/// <param name="Inlined">Nodes written into their single consumer's expression instead of a statement of their own.</param>
internal sealed record MethodPlan(EquatableArray<Step> Steps, EquatableArray<int> Stored, EquatableArray<int> Inlined)
{
    /// <summary>
    /// Nodes computed by one kernel call over whole vectors (<see cref="Operations.Operation.WholeCode"/>), each a
    /// statement of its own outside any loop: where a fused loop met one, it was split there (loop fission).
    /// </summary>
    public EquatableArray<int> Whole { get; init; } = EquatableArray<int>.Empty;

    /// <summary>
    /// Whole-call sums (a subset of <see cref="Whole"/>) as (sum, call, addend): the call's
    /// <see cref="Operations.Operation.WholeAddCode"/> writes call + addend into the sum's buffer (W·x + b in one pass).
    /// </summary>
    public EquatableArray<(int Sum, int Call, int Addend)> Epilogues { get; init; } = EquatableArray<(int Sum, int Call, int Addend)>.Empty;

    /// <summary>
    /// Stored vectors that take over the buffer of an earlier one that nothing reads any more (same length), as
    /// (node, the node whose buffer it reuses); that node owns its buffer itself. Keeps the workspace small now
    /// that loop fission stores each layer's intermediate vectors.
    /// </summary>
    public EquatableArray<(int Node, int Owner)> Reused { get; init; } = EquatableArray<(int Node, int Owner)>.Empty;

    /// <summary>
    /// The blocks whose sinks write their rank-1 term's two factors instead of adding it into the gradient
    /// (<c>GradientFactored</c>); empty for every other method.
    /// </summary>
    public EquatableArray<FactoredBlock> Factored { get; init; } = EquatableArray<FactoredBlock>.Empty;
}

/// <summary>Optimize stage output: the simplified graph and the schedules of Forward and Gradient.</summary>
internal sealed record OptimizedModel(
    ModelHeader? Header,
    Graph? Graph,
    int Output,
    int Loss,
    MethodPlan? Forward,
    MethodPlan? Gradient,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => Header is null || Graph is null || Diagnostics.HasErrors();

    /// <summary>The schedule of InputGradient (∂f/∂x, or seedᵀ ∂s/∂x); null for a [Loss].</summary>
    public MethodPlan? InputGradient { get; init; }

    /// <summary>The schedules of ForwardBatch and GradientBatch over a minibatch; null for a [Loss].</summary>
    public (BatchPlan Forward, BatchPlan Gradient)? Batch { get; init; }

    /// <summary>
    /// The schedule of GradientFactored: Gradient's, with its factored blocks (<see cref="MethodPlan.Factored"/>) written
    /// as factors; null when no block is factored, and for a [Loss].
    /// </summary>
    public MethodPlan? GradientFactored { get; init; }

    /// <summary>
    /// Whether GradientBatch keeps the factored blocks' sums as their factors too (GradientBatchFactored): both minibatch
    /// methods are batched and each factored block's sum is one product Aᵀ C (<see cref="BatchPlan.SumsAsProducts"/>).
    /// </summary>
    public bool BatchKeepsFactors { get; init; }
}
