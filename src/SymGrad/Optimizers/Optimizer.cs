namespace SymGrad;

/// <summary>
/// How a training step turns the minibatch's gradient into a change of θ: <see cref="SgdOptimizer"/> (plain, momentum,
/// Nesterov), <see cref="AdamOptimizer"/> or <see cref="AdamWOptimizer"/>. Set it as <see cref="SgdOptions.Optimizer"/>;
/// formulas and defaults are in docs/training.md.
/// </summary>
/// <remarks>
/// An optimizer is an immutable description; the state it needs (momentum, moment estimates) lives in the training
/// run, one θ-sized vector per kind of state, allocated before the first epoch.
/// </remarks>
public abstract record Optimizer
{
    private protected Optimizer() { }

    /// <summary>Throws <see cref="ArgumentException"/> if properties that are valid alone do not fit together.</summary>
    internal virtual void Validate() { }

    /// <summary>How many θ-sized state vectors a run keeps (0, 1 or 2).</summary>
    internal abstract int StateVectors { get; }

    /// <summary>A stable name recorded in checkpoints, so a run is never resumed with another optimizer's state.</summary>
    internal abstract string Kind { get; }

    /// <summary>The factor 1 − η·λ that decoupled weight decay multiplies decayed blocks by; 1 when there is none.</summary>
    internal virtual double DecoupledShrink(double learningRate) => 1;

    /// <summary>
    /// One all-or-nothing step: if the update keeps θ and the state finite, applies it, clears the gradient and
    /// returns true; otherwise changes nothing and returns false.
    /// </summary>
    internal abstract bool TryStep(ref StepInput input, OptimizerState state);
}
