namespace SymGrad;

/// <summary>A contiguous range of θ that one step treats alike: a parameter block, and whether it is decayed.</summary>
internal readonly record struct Segment(int Offset, int Length, bool Decayed);

/// <summary>Everything one optimizer step reads and writes, but the optimizer's own state.</summary>
internal ref struct StepInput
{
    /// <summary>θ, updated in place when the step is applied.</summary>
    public Span<double> Theta;

    /// <summary>The minibatch's summed gradient; cleared when the step is applied.</summary>
    public Span<double> Gradient;

    /// <summary>θ's blocks in order, covering it.</summary>
    public ReadOnlySpan<Segment> Segments;

    /// <summary>What the summed gradient is multiplied by: 1/B for the mean, times the clipping factor.</summary>
    public double GradientScale;

    /// <summary>The L2 λ added as λθ to the gradient of decayed blocks.</summary>
    public double L2;

    /// <summary>The learning rate η of this step.</summary>
    public double LearningRate;

    /// <summary>What decoupled weight decay multiplies θ of decayed blocks by before the update (1 − η·λ), or 1.</summary>
    public double Shrink;

    /// <summary>Where the check pass adds each block's Σg² of the summed gradient; empty to skip.</summary>
    public Span<double> BlockSquares;

    /// <summary>When set, the step runs split by ranges of θ over the threads of <see cref="SplitStep"/>, not here.</summary>
    public SplitStep? Split;
}
