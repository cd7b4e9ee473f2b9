namespace SymGrad.Training.Tests.Support;

/// <summary>Small data and freshly initialised models shared by the tests.</summary>
public static class Recipes
{
    /// <summary>Two moons with the noise of the lecture tour sample.</summary>
    public static Dataset Moons(int count = 200, int seed = 7) => ToyDatasets.TwoMoons(count, noise: 0.15, seed);

    /// <summary>Random rows of <paramref name="d"/> features in [−1, 1] (feature <paramref name="zeroFeature"/> always 0) with targets ±1.</summary>
    public static Dataset RandomRows(int count, int d, int seed, int zeroFeature = -1)
    {
        var random = new Random(seed);
        var inputs = new double[count][];
        var targets = new double[count];
        for (int k = 0; k < count; k++)
        {
            inputs[k] = [.. Enumerable.Range(0, d).Select(j => j == zeroFeature ? 0 : random.NextDouble() * 2 - 1)];
            targets[k] = random.Next(2) * 2 - 1;
        }
        return new Dataset(inputs, targets);
    }

    /// <summary>Random rows of <paramref name="d"/> features in [−1, 1] with labels 0 … <paramref name="classes"/>−1.</summary>
    public static Dataset LabelledRows(int count, int d, int classes, int seed)
    {
        var random = new Random(seed);
        var inputs = new double[count][];
        var labels = new double[count];
        for (int k = 0; k < count; k++)
        {
            inputs[k] = [.. Enumerable.Range(0, d).Select(_ => random.NextDouble() * 2 - 1)];
            labels[k] = random.Next(classes);
        }
        return new Dataset(inputs, labels);
    }

    /// <summary>A tanh net of <paramref name="hidden"/> units on two inputs, initialised from <paramref name="seed"/>.</summary>
    public static Models.TwoLayerModel TwoLayer(int seed, int hidden = 8, double scale = 1.0)
    {
        var net = new Models.TwoLayerModel(H: hidden, D: 2, seed: 0);
        net.Initialize(seed, scale);
        return net;
    }

    /// <summary>An RBF net with positive widths, as the lecture tour sample builds it.</summary>
    public static Models.RbfModel Rbf(int seed, int hidden = 16)
    {
        var net = new Models.RbfModel(H: hidden, D: 2, seed: 0);
        net.Initialize(seed, scale: 1.5);
        foreach (ref double g in net.gamma) g = 1.0 + Math.Abs(g);
        return net;
    }
}
