namespace SymGrad.Tests;

/// <summary>The minibatch methods equal the per-example ones, and refuse ragged arguments before writing anything.</summary>
public class BatchTests
{
    private static double[] Inputs(int count, int length, int seed)
    {
        var random = new Random(seed);
        var xs = new double[count * length];
        for (int i = 0; i < xs.Length; i++) xs[i] = random.NextDouble() * 2 - 1;
        return xs;
    }

    [Fact]
    public void Scalar_batch_equals_the_sum_of_examples()
    {
        IModel model = new Models.TwoLayerModel(H: 5, D: 3, seed: 7);
        const int count = 6;
        var xs = Inputs(count, 3, 1);
        double[] ys = [1, -1, 0.5, 2, -0.25, 1];

        var scores = new double[count];
        model.ForwardBatch(xs, scores);
        var batchGradient = new double[model.ParameterCount];
        double batchLoss = model.GradientBatch<SquaredLoss>(xs, ys, batchGradient);

        var sumGradient = new double[model.ParameterCount];
        double sumLoss = 0;
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(model.Forward(xs.AsSpan(i * 3, 3)), scores[i], 12);
            sumLoss += model.Gradient<SquaredLoss>(xs.AsSpan(i * 3, 3), ys[i], sumGradient);
        }
        Assert.Equal(sumLoss, batchLoss, 12);
        for (int j = 0; j < sumGradient.Length; j++) Assert.Equal(sumGradient[j], batchGradient[j], 12);
    }

    [Fact]
    public void Vector_batch_equals_the_sum_of_examples()
    {
        IVectorModel model = new Models.MlpModel(H: 4, D: 3, K: 3, seed: 2);
        const int count = 5;
        var xs = Inputs(count, 3, 2);
        int[] labels = [0, 2, 1, 1, 0];

        var scores = new double[count * 3];
        model.ForwardBatch(xs, scores);
        var batchGradient = new double[model.ParameterCount];
        double batchLoss = model.GradientBatch<SoftmaxCrossEntropy>(xs, labels, batchGradient);

        var sumGradient = new double[model.ParameterCount];
        var one = new double[3];
        double sumLoss = 0;
        for (int i = 0; i < count; i++)
        {
            model.Forward(xs.AsSpan(i * 3, 3), one);
            for (int k = 0; k < 3; k++) Assert.Equal(one[k], scores[i * 3 + k], 12);
            sumLoss += model.Gradient<SoftmaxCrossEntropy>(xs.AsSpan(i * 3, 3), labels[i], sumGradient);
        }
        Assert.Equal(sumLoss, batchLoss, 12);
        for (int j = 0; j < sumGradient.Length; j++) Assert.Equal(sumGradient[j], batchGradient[j], 12);
    }

    [Fact]
    public void Ragged_arguments_are_refused_before_anything_is_written()
    {
        IModel model = new Models.TwoLayerModel(H: 2, D: 3, seed: 1);
        var gradient = new double[model.ParameterCount];
        var e = Assert.Throws<ArgumentException>(() => model.GradientBatch<SquaredLoss>(new double[7], new double[2], gradient));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("not a whole number of rows of 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.GradientBatch<SquaredLoss>(new double[6], new double[3], gradient));
        Assert.Equal("targets", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => model.ForwardBatch(new double[6], new double[1]));
        Assert.Equal("scores", e.ParamName);

        IVectorModel vector = new Models.MlpModel(H: 2, D: 3, K: 3, seed: 1);
        var vectorGradient = new double[vector.ParameterCount];
        e = Assert.Throws<ArgumentException>(() => vector.GradientBatch<SoftmaxCrossEntropy>(new double[6], new[] { 0, 3 }, vectorGradient));
        Assert.Equal("labels", e.ParamName);
        Assert.Contains("Label 1 is 3", e.Message);
        Assert.All(vectorGradient, g => Assert.Equal(0.0, g));
        Assert.All(gradient, g => Assert.Equal(0.0, g));
    }
}
