namespace SymGrad.Training.Tests;

/// <summary>Accuracy as the lecture's sign(f(x)) against ±1 targets.</summary>
public class EvaluationTests
{
    private static readonly Dataset s_data = new([[1.0, 0.5], [-0.5, 2.0], [0.25, -1.0]], [1, -1, 1]);

    [Fact]
    public void A_NaN_score_counts_as_wrong_instead_of_throwing()
    {
        // Found in review: Math.Sign throws on NaN, which escaped Sgd.Train and aborted random restarts.
        var net = new Models.TwoLayerModel(H: 3, D: 2, seed: 0);
        net.Parameters.Fill(double.NaN);
        Assert.Equal(0.0, Evaluation.Accuracy(net, s_data));
    }

    [Fact]
    public void Accuracy_is_the_fraction_with_the_targets_sign()
    {
        var net = new Models.TwoLayerModel(H: 3, D: 2, seed: 0);
        int agree = Enumerable.Range(0, s_data.Count).Count(i => Math.Sign(net.Forward(s_data.Inputs[i])) == Math.Sign(s_data.Targets[i]));
        Assert.Equal(agree / 3.0, Evaluation.Accuracy(net, s_data));
    }
}
