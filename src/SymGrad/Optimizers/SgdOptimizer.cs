using static SymGrad.Setting;

namespace SymGrad;

/// <summary>
/// Stochastic gradient descent, optionally with momentum μ (heavy ball) or Nesterov momentum, as PyTorch's <c>SGD</c>
/// with dampening 0: <c>b ← μ·b + g</c>, then <c>θ ← θ − η·b</c>, or with Nesterov <c>θ ← θ − η·(g + μ·b)</c>.
/// With μ = 0 (the default) it is the lecture's plain step <c>θ ← θ − η·g</c>.
/// </summary>
public sealed record SgdOptimizer : Optimizer
{
    /// <summary>The momentum μ in [0, 1). Default 0 (plain SGD); 0.9 is the usual choice.</summary>
    public double Momentum
    {
        get;
        init => field = Checked(value, value >= 0 && value < 1, nameof(Momentum), "The momentum must lie in [0, 1).");
    }

    /// <summary>Whether to use Nesterov momentum (Sutskever et al., 2013, in PyTorch's form); needs a positive <see cref="Momentum"/>.</summary>
    public bool Nesterov { get; init; }

    internal override void Validate()
    {
        if (Nesterov && Momentum == 0)
            throw new ArgumentException("Nesterov momentum needs a positive Momentum.", "options");
    }

    internal override int StateVectors => Momentum > 0 ? 1 : 0;

    internal override string Kind => Momentum == 0 ? "sgd" : Nesterov ? "nesterov" : "momentum";

    internal override bool TryStep(ref StepInput input, OptimizerState state)
    {
        double eta = input.LearningRate;
        return Momentum == 0 ? StepKernel.TryApply(new PlainRule(eta), ref input, state)
            : Nesterov ? StepKernel.TryApply(new NesterovRule(eta, Momentum), ref input, state)
            : StepKernel.TryApply(new MomentumRule(eta, Momentum), ref input, state);
    }
}
