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
    /// A restart that diverges is recorded as such and never chosen. The factory is called for every restart first,
    /// on the calling thread; the restarts then train in parallel (<see cref="SgdOptions.MaxDegreeOfParallelism"/>),
    /// each on its own model, with results identical to training them one after another. Progress reports of
    /// different restarts interleave but are never delivered concurrently.
    /// </summary>
    /// <returns>The best model (highest validation accuracy, then lowest validation loss, then earliest) and every restart's score.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The data do not fit a created model.</exception>
    /// <exception cref="TrainingDivergedException">Every restart diverged.</exception>
    public static RestartResult<TModel> Train<TModel, TLoss>(Func<int, TModel> createModel, int count, Dataset train, Dataset validation,
        SgdOptions options, IProgress<RestartProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : IModel where TLoss : ILoss =>
        Run(createModel, count, train, validation, options, progress, TrainOne<TModel, TLoss>, cancellationToken);

    /// <summary>
    /// Random restarts of a vector model on class labels (see <see cref="Dataset.WithLabels(double[][], int[])"/>) with the class loss
    /// <typeparamref name="TLoss"/>, such as <see cref="SoftmaxCrossEntropy"/>: as
    /// <see cref="Train{TModel, TLoss}"/>, with class accuracy (argmax = label) and the class loss as the scores. Named apart
    /// from <c>Train</c> because C# cannot overload on constraints alone.
    /// </summary>
    /// <returns>The best model (highest validation accuracy, then lowest validation loss, then earliest) and every restart's score.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The data do not fit a created model, or a label is not one of its classes.</exception>
    /// <exception cref="TrainingDivergedException">Every restart diverged.</exception>
    public static RestartResult<TModel> TrainClassifier<TModel, TLoss>(Func<int, TModel> createModel, int count, Dataset train, Dataset validation,
        SgdOptions options, IProgress<RestartProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : IVectorModel where TLoss : IClassLoss =>
        Run(createModel, count, train, validation, options, progress, TrainClassifierOne<TModel, TLoss>, cancellationToken);

    /// <summary>
    /// Random restarts of a float32 model (<c>Precision.Float32</c>): as <see cref="Train{TModel, TLoss}"/>, each restart
    /// trained in mixed precision (<see cref="Sgd.Train{TLoss}(IModel{float}, Dataset, SgdOptions, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>)
    /// and scored by its float32 forward pass; the results are those of training the restarts one after another. Named
    /// apart from <c>Train</c> because C# cannot overload on constraints alone.
    /// </summary>
    /// <returns>The best model (highest validation accuracy, then lowest validation loss, then earliest) and every restart's score.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The data do not fit a created model.</exception>
    /// <exception cref="TrainingDivergedException">Every restart diverged.</exception>
    public static RestartResult<TModel> TrainFloat32<TModel, TLoss>(Func<int, TModel> createModel, int count, Dataset train, Dataset validation,
        SgdOptions options, IProgress<RestartProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : IModel<float> where TLoss : ILoss =>
        Run(createModel, count, train, validation, options, progress, TrainFloat32One<TModel, TLoss>, cancellationToken);

    /// <summary>
    /// Random restarts of a float32 vector model on class labels: as <see cref="TrainClassifier{TModel, TLoss}"/>, each
    /// restart trained in mixed precision and scored by its float32 forward pass (class accuracy, the class loss in double).
    /// </summary>
    /// <returns>The best model (highest validation accuracy, then lowest validation loss, then earliest) and every restart's score.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The data do not fit a created model, or a label is not one of its classes.</exception>
    /// <exception cref="TrainingDivergedException">Every restart diverged.</exception>
    public static RestartResult<TModel> TrainClassifierFloat32<TModel, TLoss>(Func<int, TModel> createModel, int count, Dataset train, Dataset validation,
        SgdOptions options, IProgress<RestartProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : IVectorModel<float> where TLoss : IClassLoss =>
        Run(createModel, count, train, validation, options, progress, TrainClassifierFloat32One<TModel, TLoss>, cancellationToken);

    private static RestartResult<TModel> Run<TModel>(Func<int, TModel> createModel, int count, Dataset train, Dataset validation,
        SgdOptions options, IProgress<RestartProgress>? progress, TrainOneFunction<TModel> trainOne, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);

        CheckParallel(options);

        // Models are created here, one after another, so the factory is never called concurrently; each restart then
        // trains its own instance, since training writes θ, which no other thread may read meanwhile.
        var models = new TModel[count];
        for (int k = 0; k < count; k++) models[k] = createModel(unchecked(options.Seed + k));
        var reporter = progress is null ? null : new SerializedProgress<RestartProgress>(progress);
        var scores = new RestartScore[count];
        ForEach(count, options, cancellationToken, k =>
        {
            int seed = unchecked(options.Seed + k);
            scores[k] = trainOne(models[k], seed, train, validation, options with { Seed = seed },
                reporter is null ? null : new Forwarder(reporter, k, count), cancellationToken);
        });

        int bestIndex = -1;
        for (int k = 0; k < count; k++)
            if (!scores[k].Diverged && (bestIndex < 0 || scores[k].IsBetterThan(scores[bestIndex]))) bestIndex = k;
        if (bestIndex < 0) throw new TrainingDivergedException($"All {count} restarts diverged.");
        return new RestartResult<TModel>(models[bestIndex], bestIndex, scores);
    }

    /// <summary>Refuses options that independent runs cannot share: one checkpoint file for all of them.</summary>
    internal static void CheckParallel(SgdOptions options)
    {
        if (options.CheckpointPath is not null)
            throw new ArgumentException("Restarts and searches train several models; they cannot share one CheckpointPath.", nameof(options));
    }

    /// <summary>
    /// Runs <paramref name="body"/> for 0…<paramref name="count"/>−1 on up to <see cref="SgdOptions.MaxDegreeOfParallelism"/>
    /// threads. Each index writes only its own results, so the outcome does not depend on the order.
    /// </summary>
    internal static void ForEach(int count, SgdOptions options, CancellationToken cancellationToken, Action<int> body)
    {
        if (options.MaxDegreeOfParallelism == 1)
        {
            for (int k = 0; k < count; k++) body(k);
            return;
        }
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken }, body);
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            // Rethrow the first failure itself (an argument error, a cancellation), as the sequential loop would.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>Trains one model with its seed and options and scores it on the validation set.</summary>
    internal delegate RestartScore TrainOneFunction<in TModel>(TModel model, int seed, Dataset train, Dataset validation, SgdOptions options,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken);

    /// <summary>Trains one scalar model and scores it on the validation set; shared with <see cref="HyperparameterSearch"/>.</summary>
    internal static RestartScore TrainOne<TModel, TLoss>(TModel model, int seed, Dataset train, Dataset validation, SgdOptions options,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken) where TModel : IModel where TLoss : ILoss =>
        Scored(seed, () => Sgd.Train<TLoss>(model, train, OneThread(options), validation, progress, cancellationToken),
            () => Evaluation.Measure<TLoss>(model, validation));

    /// <summary>Trains one vector model on class labels and scores it on the validation set (class accuracy, class loss).</summary>
    internal static RestartScore TrainClassifierOne<TModel, TLoss>(TModel model, int seed, Dataset train, Dataset validation, SgdOptions options,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken) where TModel : IVectorModel where TLoss : IClassLoss =>
        Scored(seed, () => Sgd.Train<TLoss>(model, train, OneThread(options), validation, progress, cancellationToken),
            () => ClassEvaluation.Measure<TLoss>(model, validation));

    /// <summary>Trains one float32 model in mixed precision and scores it by its float32 forward pass.</summary>
    internal static RestartScore TrainFloat32One<TModel, TLoss>(TModel model, int seed, Dataset train, Dataset validation, SgdOptions options,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken) where TModel : IModel<float> where TLoss : ILoss =>
        Scored(seed, () => Sgd.Train<TLoss>(model, train, OneThread(options), validation, progress, cancellationToken),
            () => Evaluation.Measure<TLoss>(model, validation));

    /// <summary>Trains one float32 vector model on class labels and scores it by its float32 forward pass.</summary>
    internal static RestartScore TrainClassifierFloat32One<TModel, TLoss>(TModel model, int seed, Dataset train, Dataset validation, SgdOptions options,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken) where TModel : IVectorModel<float> where TLoss : IClassLoss =>
        Scored(seed, () => Sgd.Train<TLoss>(model, train, OneThread(options), validation, progress, cancellationToken),
            () => ClassEvaluation.Measure<TLoss>(model, validation));

    // The runs share the processors among themselves, so each trains on one thread (results are the same either way).
    private static SgdOptions OneThread(SgdOptions options) => options with { MaxDegreeOfParallelism = 1 };

    private static RestartScore Scored(int seed, Func<TrainingReport> train, Func<(double Accuracy, double MeanLoss)> measure)
    {
        try
        {
            var report = train();
            // The model holds the θ of the report's best epoch (the last one unless early stopping restored another).
            var (accuracy, loss) = measure();
            return new RestartScore(seed, accuracy, loss, report.Best.TrainAccuracy, Diverged: false);
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

    /// <summary>Hands reports from parallel runs to one handler, one at a time.</summary>
    private sealed class SerializedProgress<T>(IProgress<T> target) : IProgress<T>
    {
        private readonly object _lock = new(); // not System.Threading.Lock: the package also targets net8.0

        public void Report(T value)
        {
            lock (_lock) target.Report(value);
        }
    }
}
