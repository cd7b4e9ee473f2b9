namespace SymGrad;

/// <summary>
/// Searches the run-time hyperparameters (learning rate, H, initialisation scale, λ, epochs) on a validation split.
/// </summary>
public static class HyperparameterSearch
{
    /// <summary>Searches with squared loss; see <see cref="Run{TModel, TLoss}"/>.</summary>
    public static SearchTable Run<TModel>(IEnumerable<Hyperparameters> points, Func<Hyperparameters, int, TModel> createModel,
        Dataset train, Dataset validation, SgdOptions options, CancellationToken cancellationToken = default) where TModel : IModel =>
        Run<TModel, SquaredLoss>(points, createModel, train, validation, options, cancellationToken);

    /// <summary>
    /// For each point, <paramref name="createModel"/>(point, <c>options.Seed</c>) must return a model of hidden size
    /// <see cref="Hyperparameters.Hidden"/> initialised with scale <see cref="Hyperparameters.InitScale"/> from that seed;
    /// it is trained with <paramref name="options"/> overridden by the point's learning rate, λ and epochs, then scored on
    /// <paramref name="validation"/>. A point that diverges is recorded as such.
    /// </summary>
    /// <returns>The table of results, in the order of <paramref name="points"/>.</returns>
    public static SearchTable Run<TModel, TLoss>(IEnumerable<Hyperparameters> points, Func<Hyperparameters, int, TModel> createModel,
        Dataset train, Dataset validation, SgdOptions options, CancellationToken cancellationToken = default)
        where TModel : IModel where TLoss : ILoss
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        var grid = points.ToList();
        if (grid.Count == 0) throw new ArgumentException("There must be at least one point to search.", nameof(points));
        // Build every point's options first, so an invalid value is rejected before any training.
        var pointOptions = grid.Select(p => options with { LearningRate = p.LearningRate, L2 = p.L2, Epochs = p.Epochs }).ToList();

        var rows = new List<SearchResult>(grid.Count);
        for (int i = 0; i < grid.Count; i++)
        {
            var model = createModel(grid[i], options.Seed);
            rows.Add(new SearchResult(grid[i], RandomRestarts.TrainOne<TModel, TLoss>(
                model, options.Seed, train, validation, pointOptions[i], null, cancellationToken)));
        }
        return new SearchTable(rows);
    }
}
