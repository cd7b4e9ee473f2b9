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
    /// each applied step, cleared by whatever else may write θ (the run clears it after every epoch's progress report).
    /// </summary>
    public bool MaximaKnown { get; set; }

    /// <summary>The largest |θᵢ| after the last step.</summary>
    public double ThetaMax { get; set; }

    /// <summary>The largest entry of <see cref="First"/> in size after the last step.</summary>
    public double FirstMax { get; set; }

    /// <summary>The largest entry of <see cref="Second"/> in size after the last step.</summary>
    public double SecondMax { get; set; }
}
