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
    /// <paramref name="validation"/>. A point that diverges is recorded as such. Points train in parallel
    /// (<see cref="SgdOptions.MaxDegreeOfParallelism"/>), each on its own model; the table is the same as when trained in order.
    /// </summary>
    /// <returns>The table of results, in the order of <paramref name="points"/>.</returns>
    public static SearchTable Run<TModel, TLoss>(IEnumerable<Hyperparameters> points, Func<Hyperparameters, int, TModel> createModel,
        Dataset train, Dataset validation, SgdOptions options, CancellationToken cancellationToken = default)
        where TModel : IModel where TLoss : ILoss =>
        Search(points, createModel, train, validation, options, RandomRestarts.TrainOne<TModel, TLoss>, cancellationToken);

    /// <summary>
    /// The search for a vector model on class labels (see <see cref="Dataset.WithLabels(double[][], int[])"/>) with the class loss
    /// <typeparamref name="TLoss"/>, such as <see cref="SoftmaxCrossEntropy"/>: as <see cref="Run{TModel, TLoss}"/>, scored
    /// by class accuracy and the class loss. Named apart from <c>Run</c> because C# cannot overload on constraints alone.
    /// </summary>
    /// <returns>The table of results, in the order of <paramref name="points"/>.</returns>
    public static SearchTable RunClassifier<TModel, TLoss>(IEnumerable<Hyperparameters> points, Func<Hyperparameters, int, TModel> createModel,
        Dataset train, Dataset validation, SgdOptions options, CancellationToken cancellationToken = default)
        where TModel : IVectorModel where TLoss : IClassLoss =>
        Search(points, createModel, train, validation, options, RandomRestarts.TrainClassifierOne<TModel, TLoss>, cancellationToken);

    /// <summary>
    /// The search for a float32 model (<c>Precision.Float32</c>): as <see cref="Run{TModel, TLoss}"/>, each point trained in
    /// mixed precision and scored by its float32 forward pass; the table is the same as when trained in order. Named apart
    /// from <c>Run</c> because C# cannot overload on constraints alone.
    /// </summary>
    /// <returns>The table of results, in the order of <paramref name="points"/>.</returns>
    public static SearchTable RunFloat32<TModel, TLoss>(IEnumerable<Hyperparameters> points, Func<Hyperparameters, int, TModel> createModel,
        Dataset train, Dataset validation, SgdOptions options, CancellationToken cancellationToken = default)
        where TModel : IModel<float> where TLoss : ILoss =>
        Search(points, createModel, train, validation, options, RandomRestarts.TrainFloat32One<TModel, TLoss>, cancellationToken);

    /// <summary>The search for a float32 vector model on class labels: as <see cref="RunClassifier{TModel, TLoss}"/>, in mixed precision.</summary>
    /// <returns>The table of results, in the order of <paramref name="points"/>.</returns>
    public static SearchTable RunClassifierFloat32<TModel, TLoss>(IEnumerable<Hyperparameters> points, Func<Hyperparameters, int, TModel> createModel,
        Dataset train, Dataset validation, SgdOptions options, CancellationToken cancellationToken = default)
        where TModel : IVectorModel<float> where TLoss : IClassLoss =>
        Search(points, createModel, train, validation, options, RandomRestarts.TrainClassifierFloat32One<TModel, TLoss>, cancellationToken);

    private static SearchTable Search<TModel>(IEnumerable<Hyperparameters> points, Func<Hyperparameters, int, TModel> createModel,
        Dataset train, Dataset validation, SgdOptions options, RandomRestarts.TrainOneFunction<TModel> trainOne,
        CancellationToken cancellationToken)
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

        RandomRestarts.CheckParallel(options);

        // As in RandomRestarts: models are created on this thread, then trained in parallel, each on its own instance.
        var models = grid.Select(p => createModel(p, options.Seed)).ToList();
        var rows = new SearchResult[grid.Count];
        RandomRestarts.ForEach(grid.Count, options, cancellationToken, i =>
            rows[i] = new SearchResult(grid[i], trainOne(models[i], options.Seed, train, validation, pointOptions[i], null, cancellationToken)));
        return new SearchTable(rows);
    }
}
