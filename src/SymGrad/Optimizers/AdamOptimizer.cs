using static SymGrad.Setting;

namespace SymGrad;

/// <summary>
/// Adam (Kingma and Ba, 2015), as PyTorch's <c>Adam</c>: <c>m ← β₁m + (1 − β₁)g</c>, <c>v ← β₂v + (1 − β₂)g²</c>,
/// <c>θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)</c>. <see cref="SgdOptions.L2"/> adds λθ to g (PyTorch's
/// <c>weight_decay</c> of Adam); for decoupled weight decay use <see cref="AdamWOptimizer"/>.
/// </summary>
public record AdamOptimizer : Optimizer
{
    /// <summary>β₁, the decay of the first-moment estimate, in [0, 1). Default 0.9.</summary>
    public double Beta1
    {
        get;
        init => field = Checked(value, value >= 0 && value < 1, nameof(Beta1), "β₁ must lie in [0, 1).");
    } = 0.9;

    /// <summary>β₂, the decay of the second-moment estimate, in [0, 1). Default 0.999.</summary>
    public double Beta2
    {
        get;
        init => field = Checked(value, value >= 0 && value < 1, nameof(Beta2), "β₂ must lie in [0, 1).");
    } = 0.999;

    /// <summary>ε, added to the denominator for numerical stability; positive and finite. Default 1e-8.</summary>
    public double Epsilon
    {
        get;
        init => field = Checked(value, value > 0 && double.IsFinite(value), nameof(Epsilon), "ε must be positive and finite.");
    } = 1e-8;

    internal override int StateVectors => 2;

    internal override string Kind => "adam";

    internal sealed override bool TryStep(ref StepInput input, OptimizerState state)
    {
        long t = state.Steps + 1;
        return StepKernel.TryApply(new AdamRule(input.LearningRate, Beta1, Beta2, Epsilon, t), ref input, state);
    }
}

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019), as PyTorch's <c>AdamW</c>: first <c>θ ← θ − η·λ·θ</c> (decoupled weight decay
/// λ = <see cref="WeightDecay"/>, on the blocks of <see cref="SgdOptions.L2Scope"/>), then the <see cref="AdamOptimizer"/> step.
/// </summary>
public sealed record AdamWOptimizer : AdamOptimizer
{
    /// <summary>The decoupled weight decay λ ≥ 0. Default 0.01 (PyTorch's).</summary>
    public double WeightDecay
    {
        get;
        init => field = Checked(value, value >= 0 && double.IsFinite(value), nameof(WeightDecay), "The weight decay must be non-negative and finite.");
    } = 0.01;

    internal override string Kind => "adamw";

    internal override double DecoupledShrink(double learningRate) => 1 - learningRate * WeightDecay;
}
