using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// Batch-1 plain SGD on a float32 model with rank-1 weight gradients (<see cref="IFactoredGradient{T}"/> of float) steps
/// the float64 master θ's factored W row by row from the two factors, each product rounded to float as the float gradient
/// holds it, and rounds what it changes into the model. The reference is the same model behind a
/// <see cref="ForwardingFloat32Model"/>, which takes the dense mixed-precision step: the model's θ and every epoch's loss
/// must agree bit for bit, the gradient norms to float rounding.
/// </summary>
public class Float32RankOneStepTests
{
    /// <summary>Forwards to a generated float32 model, counting the calls of its <c>GradientFactored</c>: training took the rank-1 step.</summary>
    private sealed class Counting(IFactoredGradient<float> inner) : ForwardingFloat32Model(inner), IFactoredGradient<float>
    {
        public int Calls { get; private set; }

        public IReadOnlyList<FactoredBlock> FactoredBlocks => inner.FactoredBlocks;

        public int FactorLength => inner.FactorLength;

        public double GradientFactored<TLoss>(ReadOnlySpan<float> x, float y, Span<float> gradient, Span<float> factors) where TLoss : ILoss
        {
            Calls++;
            return inner.GradientFactored<TLoss>(x, y, gradient, factors);
        }

        public override IModel<float> Clone() => new Counting((IFactoredGradient<float>)Inner.Clone());
    }

    /// <summary>A float32 two-layer net whose W (16×64) is large enough for the rank-1 step.</summary>
    private static Models.TwoLayerModelFloat32 Wide(int seed) => new(H: 16, D: 64, seed: seed);

    private static void AssertBitIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"θ[{i}] differs: expected {expected[i]:R}, got {actual[i]:R}.");
    }

    [Fact]
    public void Float32_GradientFactored_gives_Gradients_entries_bit_for_bit_with_W_as_its_factors()
    {
        var model = new Models.TwoLayerModelFloat32(H: 5, D: 3, seed: 4);
        var factored = (IFactoredGradient<float>)model;
        var block = Assert.Single(factored.FactoredBlocks);
        var w = model.Blocks[block.Block];
        Assert.Equal("W", w.Name);
        Assert.Equal(model.H + model.D, factored.FactorLength);
        var random = new Random(6);
        for (int trial = 0; trial < 20; trial++)
        {
            float[] x = [.. Enumerable.Range(0, model.D).Select(_ => (float)(random.NextDouble() * 4 - 2))];
            float y = trial % 2 == 0 ? 1 : -1;
            var dense = new float[model.ParameterCount];
            var gradient = new float[model.ParameterCount];
            Array.Fill(gradient, 7f);
            var factors = new float[factored.FactorLength];

            double loss = model.Gradient<SquaredLoss>(x, y, dense);
            double factoredLoss = factored.GradientFactored<SquaredLoss>(x, y, gradient, factors);

            Assert.Equal(loss, factoredLoss);
            Assert.Equal(x, factors.AsSpan(block.ColumnsOffset, model.D).ToArray());
            for (int i = 0; i < w.Rows; i++)
                for (int j = 0; j < w.Columns; j++)
                {
                    float product = factors[block.RowsOffset + i] * factors[block.ColumnsOffset + j];
                    Assert.Equal(BitConverter.SingleToInt32Bits(dense[w.Offset + i * w.Columns + j]), BitConverter.SingleToInt32Bits(product + 0f));
                    Assert.Equal(7f, gradient[w.Offset + i * w.Columns + j]); // a factored block's entries are not touched
                }
            for (int k = w.Length; k < gradient.Length; k++) Assert.Equal(7f + dense[k], gradient[k]);
        }
    }

    private static (IFactoredGradient<float> Model, Dataset Data) Make(string kind) => kind switch
    {
        "twolayer" => (Wide(seed: 3), Recipes.RandomRows(60, 64, seed: 1)),
        // 67 columns: every row ends in entries the vector loops leave to the one-by-one tail.
        "twolayer67" => (new Models.TwoLayerModelFloat32(H: 16, D: 67, seed: 3), Recipes.RandomRows(60, 67, seed: 1)),
        // W̄2 = δ2 h1ᵀ and W̄3 = δ3 h2ᵀ have float hidden activations as their columns' factors.
        _ => (new Models.DeepModelFloat32(H: 32, D: 2, seed: 5), Recipes.Moons(count: 60)),
    };

    [Theory]
    [InlineData("twolayer", 0.0)]
    [InlineData("twolayer", 0.01)]
    [InlineData("twolayer67", 0.0)]
    [InlineData("twolayer67", 0.01)]
    [InlineData("deep", 0.0)]
    [InlineData("deep", 0.01)]
    public void Rank_one_steps_give_the_dense_steps_theta_and_losses_bit_for_bit(string kind, double l2)
    {
        var (model, data) = Make(kind);
        var counting = new Counting(model);
        var reference = new ForwardingFloat32Model(model.Clone());
        float[] start = model.Parameters.ToArray();
        var options = new SgdOptions { Epochs = 4, LearningRate = 0.05, L2 = l2, Seed = 11 };

        var fast = Sgd.Train(counting, data, options).History;
        var dense = Sgd.Train(reference, data, options).History;

        Assert.Equal(options.Epochs * data.Count, counting.Calls);
        AssertBitIdentical(reference.Parameters, model.Parameters);
        Assert.NotEqual(start, model.Parameters.ToArray());
        for (int e = 0; e < options.Epochs; e++)
        {
            Assert.Equal(dense[e].Loss, fast[e].Loss);
            Assert.Equal(dense[e].TrainAccuracy, fast[e].TrainAccuracy);
            var expected = dense[e].GradientNorms.Span;
            var actual = fast[e].GradientNorms.Span;
            Assert.Equal(expected.Length, actual.Length);
            // ‖a‖·‖c‖ against the norm of a cᵀ with every product rounded to float.
            for (int b = 0; b < expected.Length; b++)
                Assert.True(Math.Abs(expected[b] - actual[b]) <= 1e-6 * expected[b], $"epoch {e + 1}, block {b}: {expected[b]:R} against {actual[b]:R}");
        }
    }

    [Fact]
    public void A_negative_zero_weight_whose_feature_is_always_zero_stays_negative_zero_as_in_the_dense_step()
    {
        // g = a·0 + 0 is +0 for either sign of a, and −0 − η·(+0) is −0; without the + 0 a negative a would make it +0.
        var model = new Models.TwoLayerModelFloat32(H: 16, D: 64, seed: 3);
        const int Feature = 5;
        for (int h = 0; h < model.H; h++) model.W[h * model.D + Feature] = -0f;
        var data = Recipes.RandomRows(60, 64, seed: 1, zeroFeature: Feature);
        var reference = new ForwardingFloat32Model(model.Clone());
        var counting = new Counting(model);
        var options = new SgdOptions { Epochs = 2, LearningRate = 0.05, Seed = 11 };

        Sgd.Train(counting, data, options);
        Sgd.Train(reference, data, options);

        Assert.Equal(options.Epochs * data.Count, counting.Calls);
        AssertBitIdentical(reference.Parameters, model.Parameters);
        for (int h = 0; h < model.H; h++) Assert.True(float.IsNegative(model.W[h * model.D + Feature]), $"W[{h}, {Feature}] lost its sign");
    }

    [Fact]
    public void A_progress_handler_sees_the_same_float_theta_after_every_epoch_on_either_step()
    {
        // Nothing is measured (which would round the master in), so only the epoch's end puts the last step into the model.
        var model = Wide(seed: 3);
        var reference = new ForwardingFloat32Model(model.Clone());
        var data = Recipes.RandomRows(60, 64, seed: 1);
        var options = new SgdOptions { Epochs = 3, LearningRate = 0.05, Seed = 11, MeasureTraining = false };
        var seen = new List<float[]>[] { [], [] };
        IModel<float>[] models = [new Counting(model), reference];

        for (int m = 0; m < 2; m++)
        {
            var watched = models[m];
            var list = seen[m];
            Sgd.Train(watched, data, options, progress: new SgdTests.Recorder([], _ => list.Add(watched.Parameters.ToArray())));
        }

        Assert.Equal(options.Epochs, seen[0].Count);
        for (int e = 0; e < options.Epochs; e++) AssertBitIdentical(seen[1][e], seen[0][e]);
        AssertBitIdentical(seen[1][^1], model.Parameters);
    }

    [Fact]
    public void A_float32_run_resumed_from_a_checkpoint_with_rank_one_steps_matches_one_never_interrupted()
    {
        string path = Path.Combine(Path.GetTempPath(), $"symgrad-rank1-f32-{Guid.NewGuid():N}.ckpt");
        try
        {
            var data = Recipes.RandomRows(50, 64, seed: 2);
            var options = new SgdOptions { Epochs = 5, LearningRate = 0.05, L2 = 1e-3, Seed = 3, CheckpointPath = path, CheckpointEvery = 2 };
            var whole = Wide(seed: 8);
            Sgd.Train(whole, data, options with { CheckpointPath = null });

            using var cancellation = new CancellationTokenSource();
            var progress = new SgdTests.Recorder([], r => { if (r.Epoch == 3) cancellation.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => Sgd.Train(Wide(seed: 8), data, options, progress: progress, cancellationToken: cancellation.Token));
            // Another θ in the model: the first epoch after the resume must start from the checkpoint's master, rounded.
            var resumed = new Counting(Wide(seed: 99));
            Sgd.Resume(resumed, data, options);

            Assert.Equal(3 * data.Count, resumed.Calls);
            AssertBitIdentical(whole.Parameters, resumed.Parameters);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(3e38)]  // a·c overflows float: the step is refused, θ unchanged
    [InlineData(1e37)]  // float products stay finite
    public void A_step_with_huge_products_does_what_the_dense_step_does(double huge)
    {
        // W's first column is 0, so the forward pass never sees the huge first feature, but its rank-1 gradient a·hugeᵀ does.
        const int D = 128;
        var model = new Models.TwoLayerModelFloat32(H: 8, D: D, seed: 2);
        for (int h = 0; h < model.H; h++)
        {
            model.W[h * D] = 0;
            model.v[h] = 3;
        }
        var inputs = new List<double[]>();
        var targets = new List<double>();
        for (int k = 0; k < 30; k++)
        {
            var row = new double[D];
            (row[0], row[1]) = (k == 15 ? huge : 0, 0.3 * Math.Sin(k));
            inputs.Add(row);
            targets.Add(k % 2 == 0 ? 1 : -1);
        }
        var data = new Dataset([.. inputs], [.. targets]);
        var reference = new ForwardingFloat32Model(model.Clone());
        var counting = new Counting(model);
        var options = new SgdOptions { Epochs = 2, LearningRate = 0.05, Seed = 1 };

        var fast = Record.Exception(() => Sgd.Train(counting, data, options));
        var dense = Record.Exception(() => Sgd.Train(reference, data, options));

        Assert.True(counting.Calls > 1);
        Assert.Equal(dense?.GetType(), fast?.GetType());
        if (huge > float.MaxValue / 10)
        {
            var diverged = Assert.IsType<TrainingDivergedException>(fast);
            Assert.Equal(((TrainingDivergedException)dense!).Epoch, diverged.Epoch);
        }
        Assert.All(model.Parameters.ToArray(), t => Assert.True(float.IsFinite(t)));
        AssertBitIdentical(reference.Parameters, model.Parameters);
    }

    [Fact]
    public void Float32_rank_one_epochs_after_the_first_allocate_nothing()
    {
        var model = new Counting(Wide(seed: 4));
        var options = new SgdOptions { Epochs = 6, L2 = 1e-4, Seed = 3 };
        var meter = new AllocationTests.AllocationMeter(options.Epochs);

        Sgd.Train(model, Recipes.RandomRows(100, 64, seed: 3), options, progress: meter);

        Assert.Equal(options.Epochs * 100, model.Calls);
        for (int epoch = 2; epoch <= options.Epochs; epoch++)
            Assert.True(meter.Bytes[epoch] == meter.Bytes[1], $"{meter.Bytes[epoch] - meter.Bytes[1]} bytes allocated by the end of epoch {epoch}");
    }
}
