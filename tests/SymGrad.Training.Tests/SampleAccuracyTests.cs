namespace SymGrad.Training.Tests;

/// <summary>
/// The samples' recipes reach the accuracies their READMEs and outputs state, on held-out data the training never saw.
/// The recipes are repeated here (the samples are programs, not libraries); keep them in step with samples/.
/// </summary>
public class SampleAccuracyTests
{
    // samples/LectureTour/Recipes.cs
    private static readonly SgdOptions TourOptions = new() { LearningRate = 0.05, LearningRateDecay = 0.01, Epochs = 150, BatchSize = 1, Seed = 1 };

    private static Models.TwoLayerModel TourTanh(int seed)
    {
        var net = new Models.TwoLayerModel(H: 16, D: 2, seed: 0);
        ParameterInitializer.Initialize(net, seed, 1.0, InitializationScheme.Glorot);
        return net;
    }

    private static Models.RbfModel TourRbf(int seed) => Support.Recipes.Rbf(seed, hidden: 16);

    // samples/LectureTour/Program.cs: train / validation (picks the restart) / test.
    private static double TestAccuracy<TModel>(Dataset data, Func<int, TModel> create) where TModel : IModel
    {
        var (rest, test) = data.Split(0.2, seed: 11);
        var (train, validation) = rest.Split(0.25, seed: 12);
        var result = RandomRestarts.Train(create, 5, train, validation, TourOptions);
        return Evaluation.Accuracy(result.Best, test);
    }

    private static Dataset Moons => ToyDatasets.TwoMoons(600, 0.15, seed: 7);

    private static Dataset Circles => ToyDatasets.Circles(600, 0.08, seed: 7);

    [Fact]
    public void Two_moons_tanh_net_reaches_97_percent() => AssertAtLeast(0.97, TestAccuracy(Moons, TourTanh));

    [Fact]
    public void Two_moons_rbf_net_reaches_97_percent() => AssertAtLeast(0.97, TestAccuracy(Moons, TourRbf));

    [Fact]
    public void Circles_tanh_net_reaches_97_percent() => AssertAtLeast(0.97, TestAccuracy(Circles, TourTanh));

    [Fact]
    public void Circles_rbf_net_reaches_97_percent() => AssertAtLeast(0.97, TestAccuracy(Circles, TourRbf));

    // samples/Xor/Program.cs, the plain SGD loop.
    [Fact]
    public void Xor_plain_sgd_gets_four_of_four()
    {
        var xor = ToyDatasets.Xor();
        var net = new Models.TwoLayerModel(H: 4, D: 2, seed: 0);
        net.Initialize(seed: 1, scale: 1.0);
        var gradient = new double[net.ParameterCount];
        for (int epoch = 0; epoch < 200; epoch++)
            for (int i = 0; i < xor.Count; i++)
            {
                Array.Clear(gradient);
                net.Gradient<SquaredLoss>(xor.Inputs[i], xor.Targets[i], gradient);
                for (int k = 0; k < gradient.Length; k++) net.Parameters[k] -= 0.02 * gradient[k];
            }
        Assert.Equal(1.0, Evaluation.Accuracy(net, xor));
    }

    // samples/LayerWise/Program.cs: shallow net, its first layer copied into the deep net, trained on.
    [Fact]
    public void Layer_wise_deep_net_reaches_95_percent_on_spirals()
    {
        var options = new SgdOptions { LearningRate = 0.02, LearningRateDecay = 0.005, Epochs = 100, BatchSize = 1, Seed = 3 };
        var (train, test) = ToyDatasets.Spirals(600, 0.02, seed: 5).Split(0.25, seed: 6);
        var shallow = new Models.ShallowModel(H: 24, D: 2, seed: 0);
        shallow.Initialize(seed: 1);
        Sgd.Train(shallow, train, options);
        var deep = new Models.DeepModel(H: 24, D: 2, seed: 0);
        deep.Initialize(seed: 2);
        ParameterTransfer.CopyBlocks(shallow, deep, "W1", "b1");
        Sgd.Train(deep, train, options);
        AssertAtLeast(0.95, Evaluation.Accuracy(deep, test));
    }

    private static void AssertAtLeast(double expected, double accuracy) =>
        Assert.True(accuracy >= expected, $"held-out accuracy {accuracy:P1}, expected at least {expected:P0}");
}
