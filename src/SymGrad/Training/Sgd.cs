using System.Diagnostics;
using System.Numerics.Tensors;

namespace SymGrad;

/// <summary>
/// The tiny stochastic-gradient-descent runtime: trains any generated <see cref="IModel"/> in place.
/// </summary>
/// <remarks>
/// Each epoch shuffles the examples with a generator seeded once from <see cref="SgdOptions.Seed"/>, then walks
/// them in minibatches; each minibatch accumulates its gradients with <see cref="IModel.Gradient{TLoss}"/> and
/// takes one step θ ← θ − η·(ḡ + λ·θ), ḡ the minibatch's mean gradient and λ applied to the blocks of
/// <see cref="SgdOptions.L2Scope"/>. The same seed, data and starting θ give bit-identical parameters on the same machine.
/// Buffers are allocated before the first epoch; after that training allocates nothing per example or per epoch
/// (a progress handler may allocate on its own).
/// </remarks>
public static class Sgd
{
    /// <summary>Trains <paramref name="model"/> with squared loss; see <see cref="Train{TLoss}"/>.</summary>
    public static TrainingReport Train(IModel model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Train<SquaredLoss>(model, train, options, validation, progress, cancellationToken);

    /// <summary>Trains <paramref name="model"/> with squared loss on <paramref name="inputs"/> and <paramref name="targets"/>.</summary>
    /// <exception cref="ArgumentException">The inputs and targets do not form a valid <see cref="Dataset"/>, or do not fit the model.</exception>
    public static TrainingReport Train(IModel model, double[][] inputs, double[] targets, SgdOptions options,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) =>
        Train<SquaredLoss>(model, new Dataset(inputs, targets), options, null, progress, cancellationToken);

    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/> with loss <typeparamref name="TLoss"/>,
    /// reporting each epoch to <paramref name="progress"/> (synchronously, on the training thread).
    /// </summary>
    /// <returns>One report per epoch.</returns>
    /// <exception cref="ArgumentNullException">The model, the data or the options are null.</exception>
    /// <exception cref="ArgumentException">The data's inputs do not have the model's input length; nothing has changed.</exception>
    /// <exception cref="TrainingDivergedException">
    /// A loss or a parameter became NaN or infinite; the exception names the epoch and the model keeps its last finite parameters.
    /// </exception>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled; the model keeps the parameters of the last completed minibatch.
    /// </exception>
    public static TrainingReport Train<TLoss>(IModel model, Dataset train, SgdOptions options, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default) where TLoss : ILoss
    {
        ArgumentNullException.ThrowIfNull(options);
        Evaluation.Check(model, train, nameof(train));
        if (validation is not null) Evaluation.Check(model, validation, nameof(validation));

        // Everything training needs is allocated here, before the first epoch.
        var gradient = new double[model.ParameterCount];
        var order = new int[train.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var random = new Random(options.Seed);
        var regularized = RegularizedBlocks(model, options.L2Scope);
        var history = new EpochReport[options.Epochs];
        long start = Stopwatch.GetTimestamp();

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Shuffling.Shuffle(order, random);
            double eta = options.LearningRateAt(epoch);
            double lossSum = 0;
            for (int first = 0; first < order.Length; first += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int end = Math.Min(first + options.BatchSize, order.Length);
                double batchLoss = 0;
                for (int k = first; k < end; k++)
                    batchLoss += model.Gradient<TLoss>(train.Inputs[order[k]], train.Targets[order[k]], gradient);
                if (!double.IsFinite(batchLoss)) throw new TrainingDivergedException(epoch, "the loss");
                if (!Step(model.Parameters, gradient, eta / (end - first), eta * options.L2, regularized))
                    throw new TrainingDivergedException(epoch, "a parameter");
                lossSum += batchLoss;
            }

            bool measure = epoch % options.EvaluateEvery == 0 || epoch == options.Epochs;
            var report = new EpochReport(epoch, options.Epochs, eta, lossSum / order.Length,
                measure ? Evaluation.Accuracy(model, train) : double.NaN,
                measure && validation is not null ? Evaluation.Accuracy(model, validation) : double.NaN,
                Stopwatch.GetElapsedTime(start));
            history[epoch - 1] = report;
            progress?.Report(report);
        }
        return new TrainingReport(history);
    }

    /// <summary>
    /// One update, all or nothing: computes θ − scale·g − decay·θ (the decay on <paramref name="regularized"/>
    /// ranges only) into <paramref name="gradient"/>, and copies it into θ only if every entry is finite.
    /// Leaves <paramref name="gradient"/> zeroed for the next minibatch when it succeeds.
    /// </summary>
    private static bool Step(Span<double> theta, Span<double> gradient, double scale, double decay, Range[] regularized)
    {
        TensorPrimitives.MultiplyAdd(gradient, -scale, theta, gradient);
        if (decay != 0)
            foreach (var range in regularized)
                TensorPrimitives.MultiplyAdd(theta[range], -decay, gradient[range], gradient[range]);
        if (!TensorPrimitives.IsFiniteAll<double>(gradient)) return false;
        gradient.CopyTo(theta);
        gradient.Clear();
        return true;
    }

    private static Range[] RegularizedBlocks(IModel model, L2Scope scope)
    {
        var ranges = new List<Range>();
        foreach (var block in model.Blocks)
            if (scope == L2Scope.All || block.IsMatrix) ranges.Add(new Range(block.Offset, block.Offset + block.Length));
        return [.. ranges];
    }
}
