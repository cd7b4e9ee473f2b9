namespace SymGrad;

/// <summary>
/// The blocks of θ a factored step (<see cref="RankOneSteps"/>, <see cref="FactoredMinibatchSteps"/>) leaves to
/// <see cref="StepKernel"/>: every segment but the factored ones. It steps them first, all or nothing, and keeps their
/// squared norms aside until the factored blocks are written too, so that a refused step reports nothing.
/// </summary>
internal sealed class DenseBlocks
{
    private readonly int[] _index;
    private readonly double[] _squares;

    /// <param name="segments">θ's segments, one per block.</param>
    /// <param name="factored">The indices of the factored blocks' segments.</param>
    public DenseBlocks(Segment[] segments, IEnumerable<int> factored)
    {
        var skipped = factored.ToHashSet();
        _index = [.. Enumerable.Range(0, segments.Length).Where(s => !skipped.Contains(s))];
        Segments = [.. _index.Select(s => segments[s])];
        _squares = new double[Segments.Length];
    }

    /// <summary>The segments stepped here.</summary>
    public Segment[] Segments { get; }

    /// <summary>The dense step over these segments; false (nothing changed) if it would diverge.</summary>
    public bool TryStep(PlainRule rule, in StepInput input, OptimizerState state)
    {
        var dense = input;
        dense.Segments = Segments;
        if (!input.BlockSquares.IsEmpty) Array.Clear(_squares);
        dense.BlockSquares = input.BlockSquares.IsEmpty ? default : _squares;
        return StepKernel.TryApply(rule, ref dense, state);
    }

    /// <summary>
    /// Completes a step once the factored blocks are written too: adds these blocks' squared norms into the step's
    /// (indexed by segment, if it keeps them), and counts the factored blocks' bound <paramref name="factoredTheta"/> in
    /// the run's bound on |θ| (the dense step left one for everything else).
    /// </summary>
    public void Complete(Span<double> blockSquares, OptimizerState state, double factoredTheta)
    {
        if (!blockSquares.IsEmpty)
            for (int k = 0; k < _index.Length; k++) blockSquares[_index[k]] += _squares[k];
        state.ThetaMax = Math.Max(state.ThetaMax, factoredTheta);
    }
}
