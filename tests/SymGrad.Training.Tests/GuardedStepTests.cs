using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// A step in the middle of an epoch is checked by the guard pass over the gradient alone: a NaN or ∞ it brings must
/// still stop training with θ exactly as the previous step left it, for every optimizer.
/// </summary>
public class GuardedStepTests
{
    public static TheoryData<string, double> Cases()
    {
        var cases = new TheoryData<string, double>();
        foreach (string optimizer in new[] { "sgd", "momentum", "nesterov", "adam" })
            foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
                cases.Add(optimizer, bad);
        return cases;
    }

    private static Optimizer Named(string name) => name switch
    {
        "sgd" => new SgdOptimizer(),
        "momentum" => new SgdOptimizer { Momentum = 0.9 },
        "nesterov" => new SgdOptimizer { Momentum = 0.9, Nesterov = true },
        _ => new AdamOptimizer(),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_gradient_mid_epoch_is_not_applied(string optimizer, double bad)
    {
        var inner = Recipes.TwoLayer(seed: 4);
        var model = new FaultyModel(inner, badCall: 37, bad);
        var options = new SgdOptions { Optimizer = Named(optimizer), Epochs = 2, LearningRate = 0.01, Seed = 2 };

        var error = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(model, Recipes.Moons(count: 50), options));

        Assert.Equal(1, error.Epoch);
        Assert.Contains("a parameter", error.Message);
        Theta.AssertBitIdentical(model.ThetaBeforeBadCall, Theta.Of(inner));
    }

    /// <summary>Forwards to a model, but its gradient call number <c>badCall</c> (counted from 1) returns one bad entry and a finite loss.</summary>
    private sealed class FaultyModel(IModel inner, int badCall, double bad) : ForwardingModel(inner)
    {
        private int _calls;

        public double[] ThetaBeforeBadCall { get; private set; } = [];

        public override double Gradient<TLoss>(ReadOnlySpan<double> x, double y, Span<double> gradient)
        {
            double loss = Inner.Gradient<TLoss>(x, y, gradient);
            if (++_calls == badCall)
            {
                ThetaBeforeBadCall = Theta.Of(Inner);
                gradient[gradient.Length / 2] = bad;
            }
            return loss;
        }

        public override IModel Clone() => throw new NotSupportedException();
    }
}
