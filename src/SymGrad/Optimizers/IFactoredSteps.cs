namespace SymGrad;

/// <summary>
/// Plain-SGD steps that update a model's factored weight matrices from their gradients' factors instead of a W-sized
/// gradient: <see cref="RankOneSteps"/> at batch 1, <see cref="FactoredMinibatchSteps"/> for a minibatch. θ gets the
/// dense step's bits either way. Disposing gives the run's buffers back.
/// </summary>
internal interface IFactoredSteps : IDisposable
{
    /// <summary>Whether a minibatch of <paramref name="rows"/> examples is stepped this way (else by the dense path).</summary>
    bool Takes(int rows);

    /// <summary>Adds the dense blocks' summed gradient of the examples <paramref name="indices"/> into <paramref name="gradient"/>, keeps the factors, returns their summed loss.</summary>
    double Gradient(ReadOnlySpan<int> indices, Span<double> gradient);

    /// <summary>One all-or-nothing step from the last gradient and factors; false (nothing changed) if it would diverge.</summary>
    bool TryStep(ref StepInput input, OptimizerState state);
}
