using System.Runtime.Intrinsics;
using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// Plain SGD at batch sizes 2 to 64 on a model whose minibatch weight gradients keep their factors
/// (<see cref="IFactoredBatchGradient{T}"/>) steps each factored W inside the product Aᵀ C. The reference is the same
/// model behind a forwarding model without the factors, which takes the dense step: θ and every epoch's loss must agree
/// bit for bit, the gradient norms to rounding, and a step that would overflow must be refused as the dense step refuses it.
/// </summary>
public class FactoredMinibatchStepTests
{
    /// <summary>A model trained through the dense step: it hides the factors.</summary>
    private sealed class Dense(IModel inner) : ForwardingModel(inner)
    {
        public override IModel Clone() => new Dense(Inner.Clone());
    }

    /// <summary>Forwards to a generated model, counting the minibatches (and rows) its <c>GradientBatchFactored</c> took.</summary>
    private sealed class Counting(IFactoredBatchGradient<double> inner) : ForwardingModel((IModel)inner), IFactoredBatchGradient<double>
    {
        public int Calls { get; private set; }
        public int Rows { get; private set; }
        public IReadOnlyList<FactoredBlock> FactoredBlocks => inner.FactoredBlocks;
        public int FactorLength => inner.FactorLength;

        public double GradientFactored<TLoss>(ReadOnlySpan<double> x, double y, Span<double> gradient, Span<double> factors) where TLoss : ILoss =>
            inner.GradientFactored<TLoss>(x, y, gradient, factors);

        public double GradientBatchFactored<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> gradient, Span<double> factors) where TLoss : ILoss
        {
            (Calls, Rows) = (Calls + 1, Rows + targets.Length);
            return inner.GradientBatchFactored<TLoss>(inputs, targets, gradient, factors);
        }

        public override IModel Clone() => new Counting((IFactoredBatchGradient<double>)Inner.Clone());
    }

    private sealed class DenseClassifier(IVectorModel inner) : ForwardingVectorModel(inner)
    {
        public override IVectorModel Clone() => new DenseClassifier(Inner.Clone());
    }

    /// <summary>The same for a classifier against class labels.</summary>
    private sealed class CountingClassifier(IFactoredClassBatchGradient<double> inner) : ForwardingVectorModel((IVectorModel)inner), IFactoredClassBatchGradient<double>
    {
        public int Calls { get; private set; }
        public IReadOnlyList<FactoredBlock> FactoredBlocks => inner.FactoredBlocks;
        public int FactorLength => inner.FactorLength;

        public double GradientFactored<TLoss>(ReadOnlySpan<double> x, int y, Span<double> gradient, Span<double> factors) where TLoss : IClassLoss =>
            inner.GradientFactored<TLoss>(x, y, gradient, factors);

        public double GradientBatchFactored<TLoss>(ReadOnlySpan<double> inputs, ReadOnlySpan<int> labels, Span<double> gradient, Span<double> factors) where TLoss : IClassLoss
        {
            Calls++;
            return inner.GradientBatchFactored<TLoss>(inputs, labels, gradient, factors);
        }

        public override IVectorModel Clone() => new CountingClassifier((IFactoredClassBatchGradient<double>)Inner.Clone());
    }

    /// <summary>
    /// 1 where training takes the step (its tiles come from 512-bit registers), 0 where it takes the dense step for every
    /// shape: θ must then still be the dense step's, trivially.
    /// </summary>
    private static int Taken => Vector512.IsHardwareAccelerated ? 1 : 0;

    private static void AssertHistories(IReadOnlyList<EpochReport> dense, IReadOnlyList<EpochReport> fast)
    {
        Assert.Equal(dense.Count, fast.Count);
        for (int e = 0; e < dense.Count; e++)
        {
            Assert.Equal(dense[e].Loss, fast[e].Loss);
            var expected = dense[e].GradientNorms.Span;
            var actual = fast[e].GradientNorms.Span;
            Assert.Equal(expected.Length, actual.Length);
            for (int b = 0; b < expected.Length; b++)
                Assert.True(Math.Abs(expected[b] - actual[b]) <= 1e-12 * expected[b], $"epoch {e + 1}, block {b}: {expected[b]:R} against {actual[b]:R}");
        }
    }

    private static (IModel Model, Dataset Data) Make(string kind) => kind switch
    {
        // 67 columns: W's tiles of 16 leave a last partial tile; 61 rows leave a last minibatch of one at batch 4 and 6.
        "twolayer" => (new Models.TwoLayerModel(H: 16, D: 67, seed: 3), Recipes.RandomRows(61, 67, seed: 1)),
        // W̄2 = [δ2]ᵀ[h1] and W̄3 = [δ3]ᵀ[h2]: hidden activations as the columns' factors, copied; W1 (32×12, every tile
        // cut by the edge) from the inputs.
        _ => (new Models.DeepModel(H: 32, D: 12, seed: 5), Recipes.RandomRows(61, 12, seed: 2)),
    };

    [Theory]
    [InlineData("twolayer", 4, 0.0)]
    [InlineData("twolayer", 4, 0.01)]
    [InlineData("twolayer", 61, 0.0)] // one minibatch of all 61 rows
    [InlineData("deep", 6, 0.0)]
    [InlineData("deep", 6, 0.01)]
    [InlineData("deep", 16, 0.0)]
    public void Minibatch_steps_inside_the_product_give_the_dense_steps_theta_bit_for_bit(string kind, int batch, double l2)
    {
        var (model, data) = Make(kind);
        var counting = new Counting(Assert.IsAssignableFrom<IFactoredBatchGradient<double>>(model));
        var reference = new Dense(model.Clone());
        double[] start = Theta.Of(model);
        var options = new SgdOptions { Epochs = 4, BatchSize = batch, LearningRate = 0.05, L2 = l2, Seed = 11 };

        var fast = Sgd.Train(counting, data, options).History;
        var dense = Sgd.Train(reference, data, options).History;

        // Every minibatch of two rows or more took the factored path; a last one of one row takes the dense one.
        int minibatches = (data.Count + batch - 1) / batch, single = data.Count % batch == 1 ? 1 : 0;
        Assert.Equal(Taken * options.Epochs * (minibatches - single), counting.Calls);
        Assert.Equal(Taken * options.Epochs * (data.Count - single), counting.Rows);
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(model));
        Assert.NotEqual(start, Theta.Of(model));
        AssertHistories(dense, fast);
    }

    [Theory]
    [InlineData("classifier", 0.0)]
    [InlineData("deep", 0.01)]
    public void A_classifiers_minibatch_steps_give_the_dense_steps_theta_bit_for_bit(string kind, double l2)
    {
        IVectorModel model = kind == "deep" ? new Models.DeepClassifierModel(H: 32, D: 67, K: 3, seed: 3) : new Models.ClassifierModel(H: 16, D: 67, K: 3, seed: 3);
        var counting = new CountingClassifier((IFactoredClassBatchGradient<double>)model);
        var reference = new DenseClassifier(model.Clone());
        var data = Recipes.LabelledRows(60, 67, 3, seed: 1);
        var options = new SgdOptions { Epochs = 4, BatchSize = 8, LearningRate = 0.05, L2 = l2, Seed = 11 };

        var fast = Sgd.Train<SoftmaxCrossEntropy>(counting, data, options).History;
        var dense = Sgd.Train<SoftmaxCrossEntropy>(reference, data, options).History;

        Assert.Equal(Taken * options.Epochs * 8, counting.Calls);
        Theta.AssertBitIdentical(reference.Parameters, model.Parameters);
        AssertHistories(dense, fast);
        for (int e = 0; e < dense.Count; e++) Assert.Equal(dense[e].TrainAccuracy, fast[e].TrainAccuracy);
    }

    [Theory]
    [InlineData(65, 0, 67)]   // a minibatch larger than the step pays for
    [InlineData(32, 0.9, 67)] // momentum
    [InlineData(32, 0, 8)]    // a product one vector wide, whose tiles would not come from the 512-bit kernel's registers
    public void Other_minibatches_optimizers_and_shapes_take_the_dense_step(int batch, double momentum, int d)
    {
        var counting = new Counting(new Models.TwoLayerModel(H: 256, D: d, seed: 3));
        var reference = new Dense(counting.Clone());
        var data = Recipes.RandomRows(300, d, seed: 1);
        var options = new SgdOptions { Epochs = 2, BatchSize = batch, LearningRate = 0.05, Seed = 11, Optimizer = new SgdOptimizer { Momentum = momentum } };

        Sgd.Train(counting, data, options);
        Sgd.Train(reference, data, options);

        Assert.Equal(0, counting.Calls);
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(counting));
    }

    [Fact]
    public void A_step_that_would_overflow_is_refused_with_theta_unchanged_and_the_epoch_named()
    {
        var (model, data) = RankOneStepTests.WithHugeFeature(1.7e308, v: 3);
        var reference = new Dense(model.Clone());
        var counting = new Counting(model);
        double[] start = Theta.Of(model);
        var options = new SgdOptions { Epochs = 3, BatchSize = 4, LearningRate = 0.05, Seed = 1 };

        var fast = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(counting, data, options));
        Assert.True(Taken == 0 ? counting.Calls == 0 : counting.Calls > 1);
        var dense = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(reference, data, options));

        Assert.Equal(dense.Epoch, fast.Epoch);
        Assert.Contains("a parameter", fast.Message);
        Assert.NotEqual(start, Theta.Of(model));
        Assert.All(Theta.Of(model), t => Assert.True(double.IsFinite(t)));
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(model));
    }

    [Fact]
    public void A_finite_step_the_bounds_cannot_prove_is_taken_densely_and_training_goes_on()
    {
        var (model, data) = RankOneStepTests.WithHugeFeature(1e302, v: 1);
        var reference = new Dense(model.Clone());
        var options = new SgdOptions { Epochs = 1, BatchSize = 4, LearningRate = 0.05, Seed = 1 };

        Sgd.Train(new Counting(model), data, options);
        Sgd.Train(reference, data, options);

        Assert.True(Theta.Of(model).Max(Math.Abs) > 1e300);
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(model));
    }

    [Fact]
    public void Minibatch_epochs_after_the_first_allocate_nothing()
    {
        var model = new Counting(new Models.TwoLayerModel(H: 16, D: 67, seed: 4));
        var options = new SgdOptions { Epochs = 6, BatchSize = 10, L2 = 1e-4, Seed = 3 };
        var meter = new AllocationTests.AllocationMeter(options.Epochs);

        Sgd.Train(model, Recipes.RandomRows(100, 67, seed: 3), options, progress: meter);

        Assert.Equal(Taken * options.Epochs * 10, model.Calls);
        for (int epoch = 2; epoch <= options.Epochs; epoch++)
            Assert.True(meter.Bytes[epoch] == meter.Bytes[1], $"{meter.Bytes[epoch] - meter.Bytes[1]} bytes allocated by the end of epoch {epoch}");
    }

    [Fact]
    public void GradientBatchFactored_marks_the_input_layer_and_refuses_factors_of_the_wrong_length_before_writing()
    {
        // Its factors against GradientBatch, bit for bit, are the property tests' (ModelChecker.BatchFactored).
        var model = new Models.DeepModel(H: 5, D: 3, seed: 4);
        var factored = (IFactoredBatchGradient<double>)model;
        Assert.Equal([true, false, false], factored.FactoredBlocks.Select(f => f.ColumnsAreInput));
        const int count = 7;
        var inputs = new double[count * model.InputLength];
        var targets = new double[count];
        var gradient = new double[model.ParameterCount];
        var factors = new double[count * factored.FactorLength - 1];
        Array.Fill(gradient, 7.0);
        Array.Fill(factors, 7.0);

        var error = Assert.ThrowsAny<ArgumentException>(() => factored.GradientBatchFactored<SquaredLoss>(inputs, targets, gradient, factors));

        Assert.Equal("factors", error.ParamName);
        Assert.All(gradient, g => Assert.Equal(7.0, g));
        Assert.All(factors, f => Assert.Equal(7.0, f));
    }

    [Fact]
    public void A_float32_classifiers_GradientBatchFactored_keeps_the_factors_of_GradientBatchs_gradient_bit_for_bit()
    {
        // Training steps float32 minibatches densely for now; the generated method is held to the same contract.
        var model = new Models.ClassifierModelFloat32(H: 5, D: 3, K: 4, seed: 4);
        var factored = (IFactoredClassBatchGradient<float>)model;
        var random = new Random(6);
        const int count = 9;
        float[] inputs = [.. Enumerable.Range(0, count * model.InputLength).Select(_ => (float)(random.NextDouble() * 4 - 2))];
        int[] labels = [.. Enumerable.Range(0, count).Select(r => r % model.OutputLength)];
        var dense = new float[model.ParameterCount];
        var gradient = new float[model.ParameterCount];
        var factors = new float[count * factored.FactorLength];

        double loss = model.GradientBatch<SoftmaxCrossEntropy>(inputs, labels, dense);
        Assert.Equal(loss, factored.GradientBatchFactored<SoftmaxCrossEntropy>(inputs, labels, gradient, factors));

        Assert.Equal([true, false], factored.FactoredBlocks.Select(f => f.ColumnsAreInput));
        foreach (var f in factored.FactoredBlocks)
        {
            var w = model.Blocks[f.Block];
            var a = factors.AsSpan(count * f.RowsOffset, count * w.Rows);
            var c = f.ColumnsAreInput ? inputs : factors.AsSpan(count * f.ColumnsOffset, count * w.Columns);
            Kernels.AddOuterProducts<float>(a, c, gradient.AsSpan(w.Offset, w.Length), w.Rows, w.Columns, count);
        }
        Assert.Equal(dense.Select(BitConverter.SingleToInt32Bits), gradient.Select(BitConverter.SingleToInt32Bits));
    }
}
