namespace SymGrad;

/// <summary>
/// The lecture's random restarts: train K networks from K seeds, get K classifiers of varying quality,
/// keep the best on held-out data.
/// </summary>
public static class RandomRestarts
{
    /// <summary>Runs <paramref name="count"/> restarts with squared loss; see <see cref="Train{TModel, TLoss}"/>.</summary>
    public static RestartResult<TModel> Train<TModel>(Func<int, TModel> createModel, int count, Dataset train, Dataset validation,
        SgdOptions options, IProgress<RestartProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : IModel =>
        Train<TModel, SquaredLoss>(createModel, count, train, validation, options, progress, cancellationToken);

    /// <summary>
    /// Restart k (from 0) calls <paramref name="createModel"/> with seed <c>options.Seed + k</c> for a freshly
    /// initialised model, trains it with that seed as its shuffle seed, and scores it on <paramref name="validation"/>.
    /// A restart that diverges is recorded as such and never chosen.
    /// </summary>
    /// <returns>The best model (highest validation accuracy, then lowest validation loss, then earliest) and every restart's score.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The data do not fit a created model.</exception>
    /// <exception cref="TrainingDivergedException">Every restart diverged.</exception>
    public static RestartResult<TModel> Train<TModel, TLoss>(Func<int, TModel> createModel, int count, Dataset train, Dataset validation,
        SgdOptions options, IProgress<RestartProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : IModel where TLoss : ILoss
    {
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);

        var scores = new RestartScore[count];
        TModel? best = default;
        int bestIndex = -1;
        for (int k = 0; k < count; k++)
        {
            int seed = unchecked(options.Seed + k);
            var model = createModel(seed);
            var score = TrainOne<TModel, TLoss>(model, seed, train, validation, options with { Seed = seed },
                progress is null ? null : new Forwarder(progress, k, count), cancellationToken);
            scores[k] = score;
            if (!score.Diverged && (bestIndex < 0 || score.IsBetterThan(scores[bestIndex])))
            {
                best = model;
                bestIndex = k;
            }
        }
        if (bestIndex < 0) throw new TrainingDivergedException($"All {count} restarts diverged.");
        return new RestartResult<TModel>(best!, bestIndex, scores);
    }

    /// <summary>Trains one model and scores it on the validation set; shared with <see cref="HyperparameterSearch"/>.</summary>
    internal static RestartScore TrainOne<TModel, TLoss>(TModel model, int seed, Dataset train, Dataset validation, SgdOptions options,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken) where TModel : IModel where TLoss : ILoss
    {
        try
        {
            var report = Sgd.Train<TLoss>(model, train, options, validation, progress, cancellationToken);
            return new RestartScore(seed, report.Final.ValidationAccuracy, Evaluation.MeanLoss<TLoss>(model, validation),
                report.Final.TrainAccuracy, Diverged: false);
        }
        catch (TrainingDivergedException)
        {
            return new RestartScore(seed, double.NaN, double.NaN, double.NaN, Diverged: true);
        }
    }

    private sealed class Forwarder(IProgress<RestartProgress> target, int restart, int restarts) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => target.Report(new RestartProgress(restart, restarts, value));
    }
}
