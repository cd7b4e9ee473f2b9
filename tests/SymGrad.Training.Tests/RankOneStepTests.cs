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

    private static IModel Make(string kind) => kind switch
    {
        "twolayer" => Recipes.TwoLayer(seed: 3, hidden: 16),
        // Its W2̄ = δ2 h1ᵀ and W3̄ = δ3 h2ᵀ have hidden activations as their columns' factors.
        _ => new Models.DeepModel(H: 8, D: 2, seed: 5),
    };

    [Theory]
    [InlineData("twolayer", 0.0)]
    [InlineData("twolayer", 0.01)]
    [InlineData("deep", 0.0)]
    [InlineData("deep", 0.01)]
    public void Rank_one_steps_give_the_dense_steps_theta_bit_for_bit(string kind, double l2)
    {
        var model = Make(kind);
        var factored = Assert.IsAssignableFrom<IFactoredGradient>(model);
        Assert.Contains(factored.FactoredBlocks, f => model.Blocks[f.Block].IsMatrix);
        var reference = new Dense(model.Clone());
        double[] start = Theta.Of(model);
        var options = new SgdOptions { Epochs = 4, LearningRate = 0.05, L2 = l2, Seed = 11 };
        var data = Recipes.Moons(count: 120);

        var fast = Sgd.Train(model, data, options).History;
        var dense = Sgd.Train(reference, data, options).History;

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
            var data = Recipes.Moons(count: 80);
            var options = new SgdOptions { Epochs = 5, LearningRate = 0.05, L2 = 1e-3, Seed = 3, CheckpointPath = path, CheckpointEvery = 2 };
            var whole = Recipes.TwoLayer(seed: 8);
            Sgd.Train(whole, data, options with { CheckpointPath = null });

            using var cancellation = new CancellationTokenSource();
            var progress = new SgdTests.Recorder([], r => { if (r.Epoch == 3) cancellation.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => Sgd.Train(Recipes.TwoLayer(seed: 8), data, options, progress: progress, cancellationToken: cancellation.Token));
            var resumed = Recipes.TwoLayer(seed: 99);
            Sgd.Resume(resumed, data, options);

            Theta.AssertBitIdentical(Theta.Of(whole), Theta.Of(resumed));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Moons-like rows whose first feature is 0, and one row whose first feature is <paramref name="huge"/>: with W's first
    /// column 0, the forward pass never sees it, but that row's rank-1 gradient a·hugeᵀ is as large as it gets.
    /// </summary>
    private static (Models.TwoLayerModel Model, Dataset Data) WithHugeFeature(double huge, double v)
    {
        var model = Recipes.TwoLayer(seed: 2);
        for (int h = 0; h < model.H; h++)
        {
            model.W[h * model.D] = 0;
            model.v[h] = v;
        }
        var inputs = new List<double[]>();
        var targets = new List<double>();
        for (int k = 0; k < 30; k++)
        {
            inputs.Add([0, 0.3 * Math.Sin(k)]);
            targets.Add(k % 2 == 0 ? 1 : -1);
        }
        inputs.Insert(15, [huge, 0.3]);
        targets.Insert(15, 1);
        return (model, new Dataset([.. inputs], [.. targets]));
    }

    [Fact]
    public void A_step_that_would_overflow_is_refused_with_theta_unchanged_and_the_epoch_named()
    {
        var (model, data) = WithHugeFeature(1.7e308, v: 3);
        var reference = new Dense(model.Clone());
        double[] start = Theta.Of(model);
        var options = new SgdOptions { Epochs = 3, LearningRate = 0.05, Seed = 1 };

        var fast = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(model, data, options));
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

        Sgd.Train(model, data, options);
        Sgd.Train(reference, data, options);

        Assert.True(Theta.Of(model).Max(Math.Abs) > 1e300);
        Theta.AssertBitIdentical(Theta.Of(reference), Theta.Of(model));
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
