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
}
