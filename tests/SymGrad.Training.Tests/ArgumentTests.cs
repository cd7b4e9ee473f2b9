using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class ArgumentTests
{
    private static readonly double[][] Inputs = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    private static readonly double[] Targets = [1.0, 1.0, -1.0];

    public static TheoryData<string, Action<IModel>> BadTrainCalls => new()
    {
        { "targets", m => Sgd.Train(m, Inputs, [1.0, -1.0], new SgdOptions()) },
        { "inputs", m => Sgd.Train(m, [], [], new SgdOptions()) },
        { "inputs", m => Sgd.Train(m, [[0.0, 1.0], [1.0]], [1.0, -1.0], new SgdOptions()) },
        { "inputs", m => Sgd.Train(m, [[0.0, double.NaN]], [1.0], new SgdOptions()) },
        { "LearningRate", m => Sgd.Train(m, Inputs, Targets, new SgdOptions { LearningRate = -0.1 }) },
        { "LearningRate", m => Sgd.Train(m, Inputs, Targets, new SgdOptions { LearningRate = double.NaN }) },
        { "BatchSize", m => Sgd.Train(m, Inputs, Targets, new SgdOptions { BatchSize = 0 }) },
        { "Epochs", m => Sgd.Train(m, Inputs, Targets, new SgdOptions { Epochs = 0 }) },
        { "L2", m => Sgd.Train(m, Inputs, Targets, new SgdOptions { L2 = -1 }) },
        { "LearningRateDecay", m => Sgd.Train(m, Inputs, Targets, new SgdOptions { LearningRateDecay = -1 }) },
        { "train", m => Sgd.Train(m, new Dataset([[1.0, 2.0, 3.0]], [1.0]), new SgdOptions()) },
        { "validation", m => Sgd.Train(m, new Dataset(Inputs, Targets), new SgdOptions(), new Dataset([[1.0]], [1.0])) },
        { "options", m => Sgd.Train(m, Inputs, Targets, null!) },
    };

    [Theory]
    [MemberData(nameof(BadTrainCalls))]
    public void Bad_arguments_are_rejected_naming_the_argument_before_anything_changes(string argument, Action<IModel> call)
    {
        var net = Recipes.TwoLayer(seed: 1);
        var before = Theta.Of(net);
        var error = Assert.ThrowsAny<ArgumentException>(() => call(net));
        Assert.Equal(argument, error.ParamName);
        Theta.AssertBitIdentical(before, Theta.Of(net));
    }

    [Fact]
    public void Restarts_and_search_reject_bad_counts_and_points_before_training()
    {
        var data = new Dataset(Inputs, Targets);
        int created = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            RandomRestarts.Train(seed => { created++; return Recipes.TwoLayer(seed); }, 0, data, data, new SgdOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperparameterSearch.Run(
            [new Hyperparameters(0.1, 4, 1.0, 0, 5), new Hyperparameters(-0.1, 4, 1.0, 0, 5)],
            (p, seed) => { created++; return Recipes.TwoLayer(seed, p.Hidden, p.InitScale); }, data, data, new SgdOptions()));
        Assert.Equal(0, created);
    }
}
