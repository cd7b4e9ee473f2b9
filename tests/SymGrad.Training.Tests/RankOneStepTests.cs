using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// Batch-1 plain SGD on a model with rank-1 weight gradients (<see cref="IFactoredGradient"/>) updates each factored W
/// row by row from its two factors. The reference is the same model behind a <see cref="ForwardingModel"/>, which does
/// not offer the factors and so takes the dense step: θ must agree bit for bit, the gradient norms to rounding, and a
/// step that would overflow must be refused exactly as the dense step refuses it.
/// </summary>
public class RankOneStepTests
{
    private static readonly double[] s_l2 = [0, 0.01];

    /// <summary>A model trained through the dense step: it hides <see cref="IFactoredGradient"/>.</summary>
    private sealed class Dense(IModel inner) : ForwardingModel(inner)
    {
        public override IModel Clone() => new Dense(Inner.Clone());
    }

    /// <summary>Forwards to a generated model, counting the calls of <see cref="IFactoredGradient.GradientFactored{TLoss}"/>: training took the rank-1 step.</summary>
    private sealed class Counting(IFactoredGradient inner) : ForwardingModel(inner), IFactoredGradient
    {
        public int Calls { get; private set; }

        public IReadOnlyList<FactoredBlock> FactoredBlocks => inner.FactoredBlocks;

        public int FactorLength => inner.FactorLength;

        public double GradientFactored<TLoss>(ReadOnlySpan<double> x, double y, Span<double> gradient, Span<double> factors) where TLoss : ILoss
        {
            Calls++;
            return inner.GradientFactored<TLoss>(x, y, gradient, factors);
        }

        public override IModel Clone() => new Counting((IFactoredGradient)Inner.Clone());
    }

    /// <summary>A two-layer net whose W (16×64) is large enough for the rank-1 step.</summary>
    private static Models.TwoLayerModel Wide(int seed) => new(H: 16, D: 64, seed: seed);

    private static (IModel Model, Dataset Data) Make(string kind) => kind switch
    {
        "twolayer" => (Wide(seed: 3), Recipes.RandomRows(60, 64, seed: 1)),
        // Its W̄2 = δ2 h1ᵀ and W̄3 = δ3 h2ᵀ have hidden activations as their columns' factors; W1 (32×2) has rows shorter than a vector.
        _ => (new Models.DeepModel(H: 32, D: 2, seed: 5), Recipes.Moons(count: 60)),
    };

    [Theory]
    [InlineData("twolayer", 0.0)]
    [InlineData("twolayer", 0.01)]
    [InlineData("deep", 0.0)]
    [InlineData("deep", 0.01)]
    public void Rank_one_steps_give_the_dense_steps_theta_bit_for_bit(string kind, double l2)
    {
        var (model, data) = Make(kind);
        var counting = new Counting(Assert.IsAssignableFrom<IFactoredGradient>(model));
        var reference = new Dense(model.Clone());
        double[] start = Theta.Of(model);
        var options = new SgdOptions { Epochs = 4, LearningRate = 0.05, L2 = l2, Seed = 11 };

        var fast = Sgd.Train(counting, data, options).History;
        var dense = Sgd.Train(reference, data, options).History;

        Assert.Equal(options.Epochs * data.Count, counting.Calls);
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(model));
        Assert.NotEqual(start, Theta.Of(model));
        for (int e = 0; e < options.Epochs; e++)
        {
            Assert.Equal(dense[e].Loss, fast[e].Loss);
            var expected = dense[e].GradientNorms.Span;
            var actual = fast[e].GradientNorms.Span;
            Assert.Equal(expected.Length, actual.Length);
            for (int b = 0; b < expected.Length; b++)
                Assert.True(Math.Abs(expected[b] - actual[b]) <= 1e-12 * expected[b], $"epoch {e + 1}, block {b}: {expected[b]:R} against {actual[b]:R}");
        }
    }

    [Fact]
    public void A_run_resumed_from_a_checkpoint_with_rank_one_steps_matches_one_never_interrupted()
    {
        string path = Path.Combine(Path.GetTempPath(), $"symgrad-rank1-{Guid.NewGuid():N}.ckpt");
        try
        {
            var data = Recipes.RandomRows(50, 64, seed: 2);
            var options = new SgdOptions { Epochs = 5, LearningRate = 0.05, L2 = 1e-3, Seed = 3, CheckpointPath = path, CheckpointEvery = 2 };
            var whole = Wide(seed: 8);
            Sgd.Train(whole, data, options with { CheckpointPath = null });

            using var cancellation = new CancellationTokenSource();
            var progress = new SgdTests.Recorder([], r => { if (r.Epoch == 3) cancellation.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => Sgd.Train(Wide(seed: 8), data, options, progress: progress, cancellationToken: cancellation.Token));
            var resumed = Wide(seed: 99);
            Sgd.Resume(resumed, data, options);

            Theta.AssertBitIdentical(Theta.Of(whole), Theta.Of(resumed));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Rows whose first feature is 0 (and all but the second), and one row whose first feature is <paramref name="huge"/>:
    /// with W's first column 0, the forward pass never sees it, but that row's rank-1 gradient a·hugeᵀ is as large as it gets.
    /// </summary>
    internal static (Models.TwoLayerModel Model, Dataset Data) WithHugeFeature(double huge, double v)
    {
        const int D = 128; // W of 8×128: large enough for the rank-1 step
        var model = new Models.TwoLayerModel(H: 8, D: D, seed: 0);
        model.Initialize(2);
        for (int h = 0; h < model.H; h++)
        {
            model.W[h * model.D] = 0;
            model.v[h] = v;
        }
        double[] Row(double first, double second)
        {
            var row = new double[D];
            (row[0], row[1]) = (first, second);
            return row;
        }
        var inputs = new List<double[]>();
        var targets = new List<double>();
        for (int k = 0; k < 30; k++)
        {
            inputs.Add(Row(0, 0.3 * Math.Sin(k)));
            targets.Add(k % 2 == 0 ? 1 : -1);
        }
        inputs.Insert(15, Row(huge, 0.3));
        targets.Insert(15, 1);
        return (model, new Dataset([.. inputs], [.. targets]));
    }

    [Fact]
    public void A_step_that_would_overflow_is_refused_with_theta_unchanged_and_the_epoch_named()
    {
        var (model, data) = WithHugeFeature(1.7e308, v: 3);
        var reference = new Dense(model.Clone());
        var counting = new Counting(model);
        double[] start = Theta.Of(model);
        var options = new SgdOptions { Epochs = 3, LearningRate = 0.05, Seed = 1 };

        var fast = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(counting, data, options));
        Assert.True(counting.Calls > 1);
        var dense = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(reference, data, options));

        Assert.Equal(1, fast.Epoch);
        Assert.Equal(dense.Epoch, fast.Epoch);
        Assert.Contains("a parameter", fast.Message);
        // Steps before the huge row were applied (it is not the first of the epoch), the refused one was not.
        Assert.NotEqual(start, Theta.Of(model));
        Assert.All(Theta.Of(model), t => Assert.True(double.IsFinite(t)));
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(model));
    }

    [Fact]
    public void A_finite_step_the_bounds_cannot_prove_is_taken_densely_and_training_goes_on()
    {
        // η·max|a|·max|c| passes the bounds' margin (10³⁰⁰) but stays finite: the step is checked value by value and applied.
        var (model, data) = WithHugeFeature(1e302, v: 1);
        var reference = new Dense(model.Clone());
        var options = new SgdOptions { Epochs = 1, LearningRate = 0.05, Seed = 1 };

        Sgd.Train(new Counting(model), data, options);
        Sgd.Train(reference, data, options);

        Assert.True(Theta.Of(model).Max(Math.Abs) > 1e300);
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(model));
    }

    [Fact]
    public void Rank_one_epochs_after_the_first_allocate_nothing()
    {
        var model = new Counting(Wide(seed: 4));
        var options = new SgdOptions { Epochs = 6, L2 = 1e-4, Seed = 3 };
        var meter = new AllocationTests.AllocationMeter(options.Epochs);

        Sgd.Train(model, Recipes.RandomRows(100, 64, seed: 3), options, progress: meter);

        Assert.Equal(options.Epochs * 100, model.Calls);
        for (int epoch = 2; epoch <= options.Epochs; epoch++)
            Assert.True(meter.Bytes[epoch] == meter.Bytes[1], $"{meter.Bytes[epoch] - meter.Bytes[1]} bytes allocated by the end of epoch {epoch}");
    }

    [Fact]
    public void A_small_factored_block_takes_the_dense_step()
    {
        // The two moons' W of 16×2 is below the size where the rank-1 step pays; θ is the same either way.
        var counting = new Counting(Recipes.TwoLayer(seed: 3, hidden: 16));
        var reference = new Dense(counting.Clone());
        var options = new SgdOptions { Epochs = 2, LearningRate = 0.05, Seed = 11 };

        Sgd.Train(counting, Recipes.Moons(count: 40), options);
        Sgd.Train(reference, Recipes.Moons(count: 40), options);

        Assert.Equal(0, counting.Calls);
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(counting));
    }

    [Fact]
    public void GradientFactored_adds_the_other_blocks_and_writes_the_factors_of_W()
    {
        var model = Recipes.TwoLayer(seed: 4, hidden: 5);
        var factored = (IFactoredGradient)model;
        var block = Assert.Single(factored.FactoredBlocks);
        Assert.Equal("W", model.Blocks[block.Block].Name);
        Assert.Equal(model.H + model.D, factored.FactorLength);
        double[] x = [0.3, -1.2];
        var dense = new double[model.ParameterCount];
        var gradient = new double[model.ParameterCount];
        Array.Fill(gradient, 7.0);
        var factors = new double[factored.FactorLength];

        double loss = model.Gradient<SquaredLoss>(x, 1, dense);
        double factoredLoss = factored.GradientFactored<SquaredLoss>(x, 1, gradient, factors);

        Assert.Equal(loss, factoredLoss);
        var a = factors.AsSpan(block.RowsOffset, model.H);
        var c = factors.AsSpan(block.ColumnsOffset, model.D);
        Assert.Equal(x, c.ToArray());
        var w = model.Blocks[block.Block];
        for (int i = 0; i < w.Rows; i++)
            for (int j = 0; j < w.Columns; j++)
            {
                Assert.Equal(dense[w.Offset + i * w.Columns + j], a[i] * c[j]);
                Assert.Equal(7.0, gradient[w.Offset + i * w.Columns + j]); // a factored block's entries are not touched
            }
        for (int k = w.Length; k < gradient.Length; k++) Assert.Equal(7.0 + dense[k], gradient[k]);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("gradient")]
    [InlineData("factors")]
    public void GradientFactored_refuses_a_wrong_length_naming_it_before_writing_anything(string argument)
    {
        var model = (IFactoredGradient)Recipes.TwoLayer(seed: 4, hidden: 5);
        var x = new double[argument == "x" ? 3 : 2];
        var gradient = new double[model.ParameterCount + (argument == "gradient" ? 1 : 0)];
        var factors = new double[model.FactorLength - (argument == "factors" ? 1 : 0)];
        Array.Fill(gradient, 7.0);
        Array.Fill(factors, 7.0);

        var error = Assert.Throws<ArgumentException>(() => model.GradientFactored<SquaredLoss>(x, 1, gradient, factors));

        Assert.Equal(argument, error.ParamName);
        Assert.All(gradient, g => Assert.Equal(7.0, g));
        Assert.All(factors, f => Assert.Equal(7.0, f));
    }
}
