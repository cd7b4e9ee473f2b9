using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// Batch-1 plain SGD on a classifier whose weight matrices get rank-1 gradients (<see cref="IFactoredClassGradient{T}"/>)
/// takes the rank-1 step, in float64 and (on the master θ) in float32. The reference is the same model behind a
/// forwarding model without the factors, which takes the dense step: θ and every epoch's loss and accuracy must agree
/// bit for bit, the gradient norms to rounding.
/// </summary>
public class ClassRankOneStepTests
{
    private sealed class Dense(IVectorModel inner) : ForwardingVectorModel(inner)
    {
        public override IVectorModel Clone() => new Dense(Inner.Clone());
    }

    /// <summary>Forwards to a generated float64 classifier, counting the calls of its <c>GradientFactored</c>.</summary>
    private sealed class Counting(IFactoredClassGradient<double> inner) : ForwardingVectorModel((IVectorModel)inner), IFactoredClassGradient<double>
    {
        public int Calls { get; private set; }
        public IReadOnlyList<FactoredBlock> FactoredBlocks => inner.FactoredBlocks;
        public int FactorLength => inner.FactorLength;

        public double GradientFactored<TLoss>(ReadOnlySpan<double> x, int y, Span<double> gradient, Span<double> factors) where TLoss : IClassLoss
        {
            Calls++;
            return inner.GradientFactored<TLoss>(x, y, gradient, factors);
        }

        public override IVectorModel Clone() => new Counting((IFactoredClassGradient<double>)Inner.Clone());
    }

    /// <summary>The same for a float32 classifier.</summary>
    private sealed class Counting32(IFactoredClassGradient<float> inner) : ForwardingFloat32VectorModel(inner), IFactoredClassGradient<float>
    {
        public int Calls { get; private set; }
        public IReadOnlyList<FactoredBlock> FactoredBlocks => inner.FactoredBlocks;
        public int FactorLength => inner.FactorLength;

        public double GradientFactored<TLoss>(ReadOnlySpan<float> x, int y, Span<float> gradient, Span<float> factors) where TLoss : IClassLoss
        {
            Calls++;
            return inner.GradientFactored<TLoss>(x, y, gradient, factors);
        }

        public override IVectorModel<float> Clone() => new Counting32((IFactoredClassGradient<float>)Inner.Clone());
    }

    private static void AssertHistories(IReadOnlyList<EpochReport> dense, IReadOnlyList<EpochReport> fast, double normTolerance)
    {
        Assert.Equal(dense.Count, fast.Count);
        for (int e = 0; e < dense.Count; e++)
        {
            Assert.Equal(dense[e].Loss, fast[e].Loss);
            Assert.Equal(dense[e].TrainAccuracy, fast[e].TrainAccuracy);
            var expected = dense[e].GradientNorms.Span;
            var actual = fast[e].GradientNorms.Span;
            for (int b = 0; b < expected.Length; b++)
                Assert.True(Math.Abs(expected[b] - actual[b]) <= normTolerance * expected[b], $"epoch {e + 1}, block {b}: {expected[b]:R} against {actual[b]:R}");
        }
    }

    private static IReadOnlyList<EpochReport> Train(IVectorModel model, Dataset data, SgdOptions options, string loss) => loss == "hinge"
        ? Sgd.Train<MulticlassHinge>(model, data, options).History
        : Sgd.Train<SoftmaxCrossEntropy>(model, data, options).History;

    [Theory]
    [InlineData("classifier", "softmax", 0.0)]
    [InlineData("classifier", "softmax", 0.01)]
    [InlineData("classifier", "hinge", 0.0)] // the hinge's zero adjoints: rows the step skips
    [InlineData("deep", "softmax", 0.01)]    // W̄2 = δ2 h1ᵀ, W̄3 = δ3 h2ᵀ: hidden activations as the columns' factors
    public void A_float64_classifiers_rank_one_steps_give_the_dense_steps_theta_bit_for_bit(string kind, string loss, double l2)
    {
        IVectorModel model = kind == "deep" ? new Models.DeepClassifierModel(H: 32, D: 67, K: 3, seed: 3) : new Models.ClassifierModel(H: 16, D: 67, K: 3, seed: 3);
        var counting = new Counting((IFactoredClassGradient<double>)model);
        var reference = new Dense(model.Clone());
        double[] start = model.Parameters.ToArray();
        var data = Recipes.LabelledRows(60, 67, 3, seed: 1);
        var options = new SgdOptions { Epochs = 4, LearningRate = 0.05, L2 = l2, Seed = 11 };

        var fast = Train(counting, data, options, loss);
        var dense = Train(reference, data, options, loss);

        Assert.Equal(options.Epochs * data.Count, counting.Calls);
        Theta.AssertBitIdentical(reference.Parameters, model.Parameters);
        Assert.NotEqual(start, model.Parameters.ToArray());
        AssertHistories(dense, fast, 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void A_float32_classifiers_rank_one_steps_give_the_dense_steps_theta_bit_for_bit(double l2)
    {
        var model = new Models.ClassifierModelFloat32(H: 16, D: 67, K: 3, seed: 3);
        var counting = new Counting32(model);
        var reference = new ForwardingFloat32VectorModel(model.Clone());
        float[] start = model.Parameters.ToArray();
        var data = Recipes.LabelledRows(60, 67, 3, seed: 1);
        var options = new SgdOptions { Epochs = 4, LearningRate = 0.05, L2 = l2, Seed = 11 };

        var fast = Sgd.Train<SoftmaxCrossEntropy>(counting, data, options).History;
        var dense = Sgd.Train<SoftmaxCrossEntropy>(reference, data, options).History;

        Assert.Equal(options.Epochs * data.Count, counting.Calls);
        Assert.Equal(reference.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits), model.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(start, model.Parameters.ToArray());
        AssertHistories(dense, fast, 1e-6);
    }

    [Fact]
    public void A_classifiers_GradientFactored_gives_Gradients_entries_bit_for_bit()
    {
        var model = new Models.ClassifierModel(H: 5, D: 3, K: 4, seed: 4);
        var factored = (IFactoredClassGradient<double>)model;
        Assert.Equal(["W1", "W2"], factored.FactoredBlocks.Select(f => model.Blocks[f.Block].Name));
        var random = new Random(6);
        for (int trial = 0; trial < 20; trial++)
        {
            double[] x = [.. Enumerable.Range(0, model.InputLength).Select(_ => random.NextDouble() * 4 - 2)];
            int y = trial % model.OutputLength;
            var dense = new double[model.ParameterCount];
            var gradient = new double[model.ParameterCount];
            Array.Fill(gradient, 7.0);
            var factors = new double[factored.FactorLength];

            double loss = model.Gradient<SoftmaxCrossEntropy>(x, y, dense);
            Assert.Equal(loss, factored.GradientFactored<SoftmaxCrossEntropy>(x, y, gradient, factors));

            var inFactored = new bool[model.ParameterCount];
            foreach (var f in factored.FactoredBlocks)
            {
                var w = model.Blocks[f.Block];
                for (int i = 0; i < w.Rows; i++)
                    for (int j = 0; j < w.Columns; j++)
                    {
                        int k = w.Offset + i * w.Columns + j;
                        inFactored[k] = true;
                        Assert.Equal(BitConverter.DoubleToInt64Bits(dense[k]), BitConverter.DoubleToInt64Bits(factors[f.RowsOffset + i] * factors[f.ColumnsOffset + j] + 0.0));
                        Assert.Equal(7.0, gradient[k]); // a factored block's entries are not touched
                    }
            }
            for (int k = 0; k < gradient.Length; k++)
                if (!inFactored[k]) Assert.Equal(7.0 + dense[k], gradient[k]);
        }
    }

    [Fact]
    public void GradientFactored_refuses_a_label_that_is_not_a_class_before_writing_anything()
    {
        var model = (IFactoredClassGradient<double>)new Models.ClassifierModel(H: 5, D: 3, K: 4, seed: 4);
        var gradient = new double[model.ParameterCount];
        var factors = new double[model.FactorLength];
        Array.Fill(gradient, 7.0);
        Array.Fill(factors, 7.0);

        var error = Assert.ThrowsAny<ArgumentException>(() => model.GradientFactored<SoftmaxCrossEntropy>(new double[3], 4, gradient, factors));

        Assert.Equal("y", error.ParamName);
        Assert.All(gradient, g => Assert.Equal(7.0, g));
        Assert.All(factors, f => Assert.Equal(7.0, f));
    }
}
