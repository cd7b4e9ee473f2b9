using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>
/// Generated ForwardBatch and GradientBatch (matrix–matrix products over the minibatch) against the per-example
/// methods: the scores equal Forward's, the gradient and loss the sum of the per-example ones, for every model of the
/// tests and B ∈ {1, 2, 7, 64}, and the calls allocate nothing after warm-up.
/// </summary>
public class BatchedModelTests
{
    private static readonly int[] s_batches = [1, 2, 7, 64];

    private static readonly string[] s_vectorModels = ["Mlp", "MlpLocals", "Linear3", "DeepSoftmax", "FourLayer", "OpsVector"];

    private static readonly Dictionary<string, int>[] s_dims =
    {
        new() { ["H"] = 1, ["D"] = 1, ["H1"] = 1, ["H2"] = 1, ["H3"] = 1, ["G"] = 1, ["K"] = 2 },
        new() { ["H"] = 5, ["D"] = 3, ["H1"] = 4, ["H2"] = 3, ["H3"] = 5, ["G"] = 6, ["K"] = 3 },
        new() { ["H"] = 30, ["D"] = 27, ["H1"] = 17, ["H2"] = 26, ["H3"] = 25, ["G"] = 9, ["K"] = 10 },
    };

    public static TheoryData<string, int> ScalarCases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in ModelTests.Names.Append("OpsScalar"))
            for (int d = name == "OpsScalar" ? 1 : 0; d < s_dims.Length; d++) data.Add(name, d); // it reads a[1]
        return data;
    }

    public static TheoryData<string, int> VectorCases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in s_vectorModels)
            for (int d = name == "OpsVector" ? 1 : 0; d < s_dims.Length; d++) data.Add(name, d); // it reads x[1]
        return data;
    }

    private static double[] Rows(Random random, int count, int length)
    {
        var values = new double[count * length];
        for (int i = 0; i < values.Length; i++) values[i] = 4 * random.NextDouble() - 2;
        return values;
    }

    /// <summary>
    /// Normwise relative error per parameter block: each entry within 1e-12 of the block's largest Σᵣ |gᵣ| (the sum of
    /// its terms' magnitudes, which its rounding errors are relative to; an entry whose terms cancel to nearly 0, within
    /// one example's backward pass or across examples, is not known to 12 digits of itself).
    /// </summary>
    internal static void AssertSum(IParameterized model, double[] expected, double[] magnitude, double[] actual, string what)
    {
        foreach (var block in model.Blocks)
        {
            double scale = magnitude.AsSpan(block.Offset, block.Length).ToArray().Max();
            for (int j = block.Offset; j < block.Offset + block.Length; j++)
                Assert.True(Math.Abs(actual[j] - expected[j]) <= 1e-12 * scale,
                    $"{what} of {block.Name}, entry {j - block.Offset}: batched {actual[j]:R}, per-example sum {expected[j]:R} (block scale {scale:R})");
        }
    }

    /// <summary>Normwise relative error of scores: within 1e-12 of the largest |score|.</summary>
    private static void AssertScores(double[] expected, double[] actual, string what)
    {
        double scale = expected.Max(Math.Abs);
        for (int j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(actual[j] - expected[j]) <= 1e-12 * scale, $"{what}: score {j} is {actual[j]:R}, Forward gives {expected[j]:R}");
    }

    [Theory]
    [MemberData(nameof(ScalarCases))]
    public void Scalar_batches_equal_the_per_example_methods(string name, int dims)
    {
        var model = new ModelCase(name, s_dims[dims], seed: dims).Model;
        var random = new Random(dims + 17);
        foreach (int count in s_batches)
        {
            var xs = Rows(random, count, model.InputLength);
            var ys = Rows(random, count, 1);
            var scores = new double[count];
            model.ForwardBatch(xs, scores);
            var forward = new double[count];

            var expected = new double[model.ParameterCount];
            var magnitude = new double[model.ParameterCount];
            var one = new double[model.ParameterCount];
            double loss = 0, lossMagnitude = 0;
            for (int r = 0; r < count; r++)
            {
                var x = xs.AsSpan(r * model.InputLength, model.InputLength);
                forward[r] = model.Forward(x);
                Array.Clear(one);
                double l = model.Gradient<SquaredLoss>(x, ys[r], one);
                loss += l;
                lossMagnitude += Math.Abs(l);
                for (int j = 0; j < one.Length; j++) { expected[j] += one[j]; magnitude[j] += Math.Abs(one[j]); }
            }

            var actual = new double[model.ParameterCount];
            actual[0] = 1.0; // adds into what is there
            expected[0] += 1.0;
            magnitude[0] += 1.0;
            double batchLoss = model.GradientBatch<SquaredLoss>(xs, ys, actual);
            Assert.True(Math.Abs(batchLoss - loss) <= 1e-12 * lossMagnitude, $"{name}, B = {count}: loss {batchLoss:R} vs {loss:R}");
            AssertScores(forward, scores, $"{name}, B = {count}");
            AssertSum(model, expected, magnitude, actual, $"{name}, B = {count}: gradient");
        }
    }

    [Theory]
    [MemberData(nameof(VectorCases))]
    public void Vector_batches_equal_the_per_example_methods(string name, int dims)
    {
        var model = new VectorModelCase(name, s_dims[dims], seed: dims).Model;
        var random = new Random(dims + 23);
        int k = model.OutputLength;
        foreach (int count in s_batches)
        {
            var xs = Rows(random, count, model.InputLength);
            var labels = Enumerable.Range(0, count).Select(_ => random.Next(k)).ToArray();
            var scores = new double[count * k];
            model.ForwardBatch(xs, scores);

            var expected = new double[model.ParameterCount];
            var magnitude = new double[model.ParameterCount];
            var one = new double[model.ParameterCount];
            var s = new double[k];
            double loss = 0, lossMagnitude = 0;
            for (int r = 0; r < count; r++)
            {
                var x = xs.AsSpan(r * model.InputLength, model.InputLength);
                model.Forward(x, s);
                AssertScores(s, scores.AsSpan(r * k, k).ToArray(), $"{name}, B = {count}, example {r}");
                Array.Clear(one);
                double l = model.Gradient<SoftmaxCrossEntropy>(x, labels[r], one);
                loss += l;
                lossMagnitude += Math.Abs(l);
                for (int j = 0; j < one.Length; j++) { expected[j] += one[j]; magnitude[j] += Math.Abs(one[j]); }
            }

            var actual = new double[model.ParameterCount];
            double batchLoss = model.GradientBatch<SoftmaxCrossEntropy>(xs, labels, actual);
            Assert.True(Math.Abs(batchLoss - loss) <= 1e-12 * lossMagnitude, $"{name}, B = {count}: loss {batchLoss:R} vs {loss:R}");
            AssertSum(model, expected, magnitude, actual, $"{name}, B = {count}: gradient");
        }
    }

    [Fact]
    public void Lecture_models_are_batched_not_looped()
    {
        // The generated class declares its own minibatch methods; the block form shows as a call into the GEMM.
        foreach (var type in new[] { typeof(Models.TwoLayerModel), typeof(Models.RbfModel), typeof(Models.DeepModel), typeof(Models.MlpModel) })
            Assert.NotNull(type.GetMethod("GradientBatch"));
        var model = new Models.TwoLayerModel(H: 128, D: 784, seed: 1);
        var xs = Rows(new Random(1), 64, 784);
        var ys = Rows(new Random(2), 64, 1);
        var gradient = new double[model.ParameterCount];
        model.GradientBatch<SquaredLoss>(xs, ys, gradient);
        var scores = new double[64];
        Allocations.AssertNone(() => model.ForwardBatch(xs, scores), 20, "TwoLayer ForwardBatch, B = 64");
        Allocations.AssertNone(() => model.GradientBatch<SquaredLoss>(xs, ys, gradient), 20, "TwoLayer GradientBatch, B = 64");

        var mlp = new Models.MlpModel(H: 64, D: 50, K: 10, seed: 2);
        var xm = Rows(new Random(3), 64, 50);
        var labels = Enumerable.Range(0, 64).Select(i => i % 10).ToArray();
        var mlpGradient = new double[mlp.ParameterCount];
        var mlpScores = new double[640];
        mlp.GradientBatch<SoftmaxCrossEntropy>(xm, labels, mlpGradient);
        Allocations.AssertNone(() => mlp.ForwardBatch(xm, mlpScores), 20, "Mlp ForwardBatch, B = 64");
        Allocations.AssertNone(() => mlp.GradientBatch<SoftmaxCrossEntropy>(xm, labels, mlpGradient), 20, "Mlp GradientBatch, B = 64");
    }

    [Fact]
    public void Generated_batch_methods_refuse_ragged_arguments_before_writing()
    {
        var model = new Models.DeepModel(H1: 3, D: 4, H2: 3, H3: 2, seed: 1);
        var gradient = new double[model.ParameterCount];
        var e = Assert.Throws<ArgumentException>(() => model.GradientBatch<SquaredLoss>(new double[7], new double[2], gradient));
        Assert.Equal("inputs", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => model.GradientBatch<SquaredLoss>(new double[8], new double[3], gradient));
        Assert.Equal("targets", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => model.GradientBatch<SquaredLoss>(new double[8], new double[2], new double[3]));
        Assert.Equal("gradient", e.ParamName);
        Assert.All(gradient, g => Assert.Equal(0.0, g));
        var mlp = new Models.MlpModel(H: 2, D: 3, K: 3, seed: 1);
        e = Assert.Throws<ArgumentException>(() => mlp.GradientBatch<SoftmaxCrossEntropy>(new double[6], [0, 3], new double[mlp.ParameterCount]));
        Assert.Equal("labels", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => mlp.ForwardBatch(new double[6], new double[5]));
        Assert.Equal("scores", e.ParamName);
    }
}
