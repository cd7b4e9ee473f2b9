namespace SymGrad;

/// <summary>The outcome of <see cref="Sgd.Train(IModel, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>: one report per epoch run.</summary>
public sealed class TrainingReport
{
    internal TrainingReport(EpochReport[] history, IReadOnlyList<ParameterBlock> blocks, int bestEpoch, bool stoppedEarly)
    {
        History = history;
        Blocks = blocks;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
    }

    /// <summary>The report of every epoch run, in order (fewer than asked for if early stopping stopped the run).</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>The report of the last epoch run, whose accuracies are always measured.</summary>
    public EpochReport Final => History[^1];

    /// <summary>
    /// The epoch whose θ the model holds: with <see cref="SgdOptions.EarlyStopping"/>, the best measured epoch; otherwise the last.
    /// </summary>
    public int BestEpoch { get; }

    /// <summary>The report of <see cref="BestEpoch"/>.</summary>
    public EpochReport Best => History[BestEpoch - 1];

    /// <summary>Whether early stopping ended the run before its last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>The model's parameter blocks, which <see cref="EpochReport.GradientNorms"/> follow.</summary>
    public IReadOnlyList<ParameterBlock> Blocks { get; }

    /// <summary>The gradient norm of the block called <paramref name="block"/> in each epoch (see <see cref="EpochReport.GradientNorms"/>).</summary>
    /// <exception cref="ArgumentException">There is no such block.</exception>
    public double[] GradientNormHistory(string block)
    {
        ArgumentNullException.ThrowIfNull(block);
        for (int b = 0; b < Blocks.Count; b++)
            if (Blocks[b].Name == block) return History.Select(r => r.GradientNorms.Span[b]).ToArray();
        throw new ArgumentException($"There is no parameter block '{block}'; the blocks are {string.Join(", ", Blocks.Select(x => x.Name))}.", nameof(block));
    }
}
