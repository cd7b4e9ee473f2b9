namespace SymGrad;

/// <summary>An optimizer's state in one training run: up to two θ-sized vectors and the number of steps taken.</summary>
internal sealed class OptimizerState(int parameterCount, int vectors)
{
    /// <summary>The first state vector (momentum buffer, or Adam's m), empty if unused.</summary>
    public double[] First { get; } = new double[vectors >= 1 ? parameterCount : 0];

    /// <summary>The second state vector (Adam's v), empty if unused.</summary>
    public double[] Second { get; } = new double[vectors >= 2 ? parameterCount : 0];

    /// <summary>Steps applied so far: Adam's t of the bias corrections.</summary>
    public long Steps { get; set; }

    /// <summary>
    /// Whether <see cref="ThetaMax"/>, <see cref="FirstMax"/> and <see cref="SecondMax"/> bound θ and the state now: set by
    /// a checked step, kept by the guarded ones, cleared by whatever else may write θ (the run clears it at every epoch's start).
    /// </summary>
    public bool MaximaKnown { get; set; }

    /// <summary>A bound on |θᵢ| after the last step.</summary>
    public double ThetaMax { get; set; }

    /// <summary>A bound on the size of <see cref="First"/>'s entries.</summary>
    public double FirstMax { get; set; }

    /// <summary>A bound on the size of <see cref="Second"/>'s entries.</summary>
    public double SecondMax { get; set; }
}
