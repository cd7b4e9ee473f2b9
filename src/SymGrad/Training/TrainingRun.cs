using System.Diagnostics;
using System.Numerics.Tensors;

namespace SymGrad;

/// <summary>
/// One run of <see cref="Sgd"/>: its buffers, allocated before the first epoch, and its state (what a checkpoint
/// holds): the epochs done, the shuffle, the optimizer's and schedule's state, early stopping and the history.
/// The model is reached through a <see cref="GradientSource"/> and a measuring function, so scalar and vector models
/// train in the same loop.
/// </summary>
internal sealed class TrainingRun
{
    private readonly IParameterized _model;
    private readonly Func<Dataset, (double Accuracy, double MeanLoss)> _measure;
    private readonly Dataset _train;
    private readonly Dataset? _validation;
    private readonly SgdOptions _options;
    private readonly GradientSource _gradients;
    private readonly MinibatchGradients _minibatches;
    private readonly IFactoredSteps? _factored;
    private readonly SplitStep? _split;
    private readonly LearningRateSchedule _schedule;
    private readonly Segment[] _segments;
    private readonly AlignedBuffer<double> _gradient;
    private readonly double[] _stepSquares;
    private readonly double[] _normSums;
    private readonly int[] _order;
    private Random _random;

    /// <param name="model">The model trained in place.</param>
    /// <param name="gradients">Its gradients with the loss on <paramref name="train"/>.</param>
    /// <param name="measure">Accuracy and mean loss over a data set.</param>
    /// <param name="train">The training examples.</param>
    /// <param name="validation">Held-out examples, or null.</param>
    /// <param name="options">The run's options.</param>
    public TrainingRun(IParameterized model, GradientSource gradients, Func<Dataset, (double, double)> measure, Dataset train, Dataset? validation, SgdOptions options)
    {
        (_model, _gradients, _train, _validation, _options) = (model, gradients, train, validation, options);
        _minibatches = new MinibatchGradients(gradients, model.ParameterCount, Math.Min(options.BatchSize, train.Count), train.InputLength, options.MaxDegreeOfParallelism);
        _measure = measure;
        _schedule = options.EffectiveSchedule;
        _segments = [.. model.Blocks.Select(b => new Segment(b.Offset, b.Length, options.L2Scope == L2Scope.All || b.IsMatrix))];
        _gradient = AlignedBuffer<double>.Rent(model.ParameterCount);
        // Plain SGD without clipping: a model whose weight gradients keep their factors steps W from them, row by row at
        // batch 1, inside the product Aᵀ C for a minibatch of up to 64 rows.
        int batchSize = Math.Min(options.BatchSize, train.Count);
        if (options.Optimizer is SgdOptimizer { Momentum: 0 } && options.GradientClipNorm == 0)
            _factored = batchSize == 1 ? gradients.RankOneSteps(_segments)
                : batchSize <= FactoredMinibatchSteps.MaxRows ? gradients.FactoredMinibatchSteps(_segments, _minibatches.FirstScratch, batchSize) : null;
        // Two or more threads: the step runs split over them, in the gradient's round; clipping needs the whole norm first.
        if (_minibatches.MaxThreads > 1 && options.GradientClipNorm == 0)
            _split = new SplitStep(_minibatches, model, _gradient, _segments);
        _stepSquares = new double[_segments.Length];
        _normSums = new double[_segments.Length];
        _order = new int[train.Count];
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        _random = new Random(options.Seed);
        Optimizer = new OptimizerState(model.ParameterCount, options.Optimizer.StateVectors);
        Plateau = _schedule.StartState();
        History = new EpochReport[options.Epochs];
        Norms = new double[options.Epochs * _segments.Length];
        if (options.EarlyStopping is { } stopping)
        {
            BestTheta = new double[model.ParameterCount];
            BestMetric = stopping.Worst;
        }
    }

    /// <summary>Epochs completed (and shuffles drawn).</summary>
    public int EpochsDone { get; set; }

    public OptimizerState Optimizer { get; }

    public PlateauState? Plateau { get; }

    /// <summary>Reports of the epochs done, then unused slots.</summary>
    public EpochReport[] History { get; }

    /// <summary>Each epoch's per-block gradient norms, epoch-major; <see cref="EpochReport.GradientNorms"/> are views into it.</summary>
    public double[] Norms { get; }

    /// <summary>θ of the best measured epoch, when early stopping is on.</summary>
    public double[]? BestTheta { get; }

    public double BestMetric { get; set; }

    /// <summary>The best measured epoch, or 0 before any (and always 0 without early stopping).</summary>
    public int BestEpoch { get; set; }

    /// <summary>Measurements since the best one.</summary>
    public int Stale { get; set; }

    /// <summary>Whether early stopping ended the run.</summary>
    public bool Stopped { get; set; }

    /// <summary>Wall time of the epochs run before a resume.</summary>
    public TimeSpan ElapsedBefore { get; set; }

    public int BlockCount => _segments.Length;

    /// <summary>The run's minibatch gradients and their threads, which a measurement may share.</summary>
    public MinibatchGradients Minibatches => _minibatches;

    /// <summary>Brings the shuffle to where it was after <paramref name="epochs"/> epochs by drawing those epochs' shuffles again.</summary>
    public void ReplayShuffles(int epochs)
    {
        _random = new Random(_options.Seed);
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        for (int e = 0; e < epochs; e++) Shuffling.Shuffle(_order, _random);
    }

    /// <summary>Binds a stored report's gradient norms to this run's history array.</summary>
    public ReadOnlyMemory<double> NormsOf(int epoch) => Norms.AsMemory((epoch - 1) * _segments.Length, _segments.Length);

    public TrainingReport Run(IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        try
        {
            _minibatches.StartMeasuring();
            return RunEpochs(progress, cancellationToken);
        }
        finally
        {
            _minibatches.Dispose();
            _factored?.Dispose();
            _gradient.Return();
        }
    }

    private TrainingReport RunEpochs(IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        var stopping = _options.EarlyStopping;
        while (EpochsDone < _options.Epochs && !Stopped)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int epoch = EpochsDone + 1;
            Shuffling.Shuffle(_order, _random);
            double eta = _schedule.RateAt(epoch, _options.LearningRate, _options.Epochs, Plateau);
            double loss = TrainEpoch(epoch, eta, cancellationToken);

            bool measure = epoch % _options.EvaluateEvery == 0 || epoch == _options.Epochs;
            var (trainAccuracy, trainLoss) = measure && _options.MeasureTraining ? _measure(_train) : (double.NaN, double.NaN);
            var (validationAccuracy, validationLoss) = measure && _validation is not null
                ? _measure(_validation) : (double.NaN, double.NaN);
            if (measure)
            {
                _schedule.Observe(epoch, _validation is not null ? validationLoss : _options.MeasureTraining ? trainLoss : loss, Plateau);
                if (stopping is not null) Watch(stopping, epoch, stopping.Metric == EarlyStoppingMetric.ValidationLoss ? validationLoss : validationAccuracy);
            }
            var report = new EpochReport(epoch, _options.Epochs, eta, loss, trainAccuracy, validationAccuracy,
                ElapsedBefore + Stopwatch.GetElapsedTime(start))
            { ValidationLoss = validationLoss, GradientNorms = NormsOf(epoch) };
            History[epoch - 1] = report;
            EpochsDone = epoch;
            if (_options.CheckpointPath is { } path && (epoch % _options.CheckpointEvery == 0 || epoch == _options.Epochs || Stopped))
                CheckpointFile.Save(path, _model, this, _options, _train, _validation);
            progress?.Report(report);
        }

        int best = EpochsDone;
        if (BestTheta is not null && BestEpoch > 0)
        {
            BestTheta.CopyTo(_model.Parameters);
            best = BestEpoch;
        }
        return new TrainingReport(History[..EpochsDone], _model.Blocks, best, Stopped);
    }

    /// <summary>One pass over the shuffled examples in minibatches; returns the mean loss.</summary>
    private double TrainEpoch(int epoch, double eta, CancellationToken cancellationToken)
    {
        Array.Clear(_normSums);
        _gradients.SyncModel();
        // The first step of an epoch checks every value: a progress handler may have changed θ since the last step's bounds.
        Optimizer.MaximaKnown = false;
        // What every step of the epoch shares, set up once: η is the epoch's, and nothing else writes θ during an epoch.
        var input = new StepInput
        {
            Theta = _model.Parameters,
            Gradient = _gradient.Span,
            Segments = _segments,
            L2 = _options.L2,
            LearningRate = eta,
            Shrink = _options.Optimizer.DecoupledShrink(eta),
            BlockSquares = _options.GradientClipNorm > 0 ? default : _stepSquares,
        };
        double lossSum = 0;
        int steps = 0, batch = _options.BatchSize;
        for (int first = 0; first < _order.Length; first += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int end = Math.Min(first + batch, _order.Length);
            double batchLoss;
            if (_split is { } split && _minibatches.UsesAllThreads(end - first))
                batchLoss = SplitStep(epoch, ref input, split, first, end - first);
            else
            {
                var factored = _factored is { } f && f.Takes(end - first) ? f : null;
                batchLoss = factored is not null ? factored.Gradient(_order.AsSpan(first, end - first), _gradient.Span) : _minibatches.Accumulate(_order, first, end - first, _gradient);
                if (!double.IsFinite(batchLoss)) throw new TrainingDivergedException(epoch, "the loss");
                Step(epoch, ref input, end - first, factored);
            }
            AddNorms(end - first);
            lossSum += batchLoss;
            steps++;
        }
        _gradients.SyncModel();
        var norms = Norms.AsSpan((epoch - 1) * _segments.Length, _segments.Length);
        for (int b = 0; b < norms.Length; b++) norms[b] = _normSums[b] / steps;
        return lossSum / _order.Length;
    }

    /// <summary>
    /// Adds the step's block norms √Σg² / B to the epoch's sums and clears the squares for the next step (no separate
    /// clear). x / 1 is x, so batch 1 skips the division: the same bits for one square root per block.
    /// </summary>
    private void AddNorms(int count)
    {
        int blocks = _segments.Length;
        if (count == 1)
            for (int b = 0; b < blocks; b++)
            {
                _normSums[b] += Math.Sqrt(_stepSquares[b]);
                _stepSquares[b] = 0;
            }
        else
            for (int b = 0; b < blocks; b++)
            {
                _normSums[b] += Math.Sqrt(_stepSquares[b]) / count;
                _stepSquares[b] = 0;
            }
    }

    /// <summary>
    /// One optimizer step along the minibatch's mean gradient, clipped if asked, adding each block's Σg² into the (cleared)
    /// step squares; throws if it would diverge.
    /// </summary>
    private void Step(int epoch, ref StepInput input, int count, IFactoredSteps? factored)
    {
        double scale = 1.0 / count;
        if (_options.GradientClipNorm > 0)
        {
            // Clipping needs the norm before the step's check pass, so it costs one more read of the gradient.
            double total = 0;
            for (int b = 0; b < _segments.Length; b++)
                total += _stepSquares[b] = TensorPrimitives.SumOfSquares<double>(_gradient.Span.Slice(_segments[b].Offset, _segments[b].Length));
            double norm = Math.Sqrt(total) * scale;
            if (norm > _options.GradientClipNorm) scale *= _options.GradientClipNorm / norm;
        }
        input.GradientScale = scale;
        if (!(factored is not null ? factored.TryStep(ref input, Optimizer) : _options.Optimizer.TryStep(ref input, Optimizer)))
            throw Diverged(epoch);
    }

    /// <summary>
    /// The minibatch's gradient and its step (no clipping) in one round of the threads (<see cref="SymGrad.SplitStep"/>);
    /// returns the minibatch's loss. Throws as the gradient and <see cref="Step"/> do: for the loss first.
    /// </summary>
    private double SplitStep(int epoch, ref StepInput input, SplitStep split, int first, int count)
    {
        _minibatches.Prepare(_order, first, count, _gradient);
        input.GradientScale = 1.0 / count;
        input.Split = split;
        bool stepped = _options.Optimizer.TryStep(ref input, Optimizer);
        input.Split = null;
        double loss = _minibatches.Loss;
        if (!double.IsFinite(loss)) throw new TrainingDivergedException(epoch, "the loss");
        if (!stepped) throw Diverged(epoch);
        return loss;
    }

    private TrainingDivergedException Diverged(int epoch) =>
        new(epoch, Optimizer.First.Length == 0 ? "a parameter" : "a parameter or the optimizer's state");

    /// <summary>Early stopping's bookkeeping after a measurement: remember the best θ, stop when patience runs out.</summary>
    private void Watch(EarlyStopping stopping, int epoch, double metric)
    {
        if (stopping.Improves(metric, BestMetric))
        {
            (BestMetric, BestEpoch, Stale) = (metric, epoch, 0);
            _model.Parameters.CopyTo(BestTheta);
        }
        else if (++Stale >= stopping.Patience) Stopped = true;
    }
}
