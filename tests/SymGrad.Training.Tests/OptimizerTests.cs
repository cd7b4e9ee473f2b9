using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// Each optimizer against numbers worked out by hand on the linear model f(x) = w·x + c, one example x = 2, y = 1,
/// squared loss, so g_w = −4·(1 − f) and g_c = −2·(1 − f); and against a scalar reference on a tanh net.
/// </summary>
public class OptimizerTests
{
    private static readonly Dataset OnePoint = new([[2.0]], [1.0]);

    private static double[] Steps(Optimizer optimizer, double eta, int steps, double w = 0, double c = 0)
    {
        var model = new Models.LinearModel(D: 1, seed: 0);
        model.Parameters[0] = w;
        model.Parameters[1] = c;
        Sgd.Train(model, OnePoint, new SgdOptions { Optimizer = optimizer, LearningRate = eta, Epochs = steps, L2Scope = L2Scope.All });
        return Theta.Of(model);
    }

    [Fact]
    public void Plain_sgd_three_steps()
    {
        // f = 0: g = (−4, −2) → (0.2, 0.1); f = 0.5: g = (−2, −1) → (0.3, 0.15); f = 0.75: g = (−1, −0.5) → (0.35, 0.175).
        Assert.Equal([0.35, 0.175], Steps(new SgdOptimizer(), 0.05, 3), Tolerance(1e-15));
    }

    [Fact]
    public void Momentum_three_steps()
    {
        // b = g = (−4, −2) → θ = (0.2, 0.1); f = 0.5, g = (−2, −1), b = 0.9·b + g = (−5.6, −2.8) → θ = (0.48, 0.24);
        // f = 1.2, g = (0.8, 0.4), b = (−4.24, −2.12) → θ = (0.692, 0.346).
        Assert.Equal([0.692, 0.346], Steps(new SgdOptimizer { Momentum = 0.9 }, 0.05, 3), Tolerance(1e-14));
    }

    [Fact]
    public void Nesterov_two_steps()
    {
        // b = (−4, −2), step along g + 0.9·b = (−7.6, −3.8) → θ = (0.38, 0.19); f = 0.95, g = (−0.2, −0.1),
        // b = (−3.8, −1.9), step along g + 0.9·b = (−3.62, −1.81) → θ = (0.561, 0.2805).
        Assert.Equal([0.561, 0.2805], Steps(new SgdOptimizer { Momentum = 0.9, Nesterov = true }, 0.05, 2), Tolerance(1e-14));
    }

    [Fact]
    public void Adam_two_steps()
    {
        // Step 1: m̂ = g, v̂ = g², so θ moves by η·|g|/(|g| + ε): w = 0.1·4/(4 + 1e-8), c = 0.1·2/(2 + 1e-8).
        var one = Steps(new AdamOptimizer(), 0.1, 1);
        Assert.Equal([0.1 * 4 / (4 + 1e-8), 0.1 * 2 / (2 + 1e-8)], one, Tolerance(1e-16));
        // Step 2: f ≈ 0.3, g ≈ (−2.8, −1.4); m = (−0.64, −0.32), v = (0.023824, 0.005956);
        // m̂ = m/0.19, v̂ = v/0.001999: w += 0.1·3.368421/3.452240 ≈ 0.0975720, and c by the same amount (g_c = g_w/2 scales out).
        var two = Steps(new AdamOptimizer(), 0.1, 2);
        Assert.Equal(0.1 + 0.0975720, two[0], 1e-6);
        Assert.Equal(0.1 + 0.0975720, two[1], 1e-6);
    }

    [Fact]
    public void AdamW_decays_then_steps()
    {
        // θ = (0.5, −0.5): f = 0.5, g = (−2, −1). Decay ×(1 − 0.1·0.01) → (0.4995, −0.4995), then Adam's first step, η·|g|/(|g| + ε).
        var theta = Steps(new AdamWOptimizer(), 0.1, 1, w: 0.5, c: -0.5);
        Assert.Equal([0.4995 + 0.1 * 2 / (2 + 1e-8), -0.4995 + 0.1 * 1 / (1 + 1e-8)], theta, Tolerance(1e-15));
    }

    public static TheoryData<string> Optimizers => new() { "sgd", "momentum", "nesterov", "adam", "adamw" };

    private static Optimizer Named(string name) => name switch
    {
        "sgd" => new SgdOptimizer(),
        "momentum" => new SgdOptimizer { Momentum = 0.8 },
        "nesterov" => new SgdOptimizer { Momentum = 0.8, Nesterov = true },
        "adam" => new AdamOptimizer { Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6 },
        _ => new AdamWOptimizer { WeightDecay = 0.1 },
    };

    public static TheoryData<string, double> OptimizersAndL2()
    {
        var cases = new TheoryData<string, double>();
        foreach (string name in Optimizers) foreach (double lambda in new[] { 0.02, 0.0 }) cases.Add(name, lambda);
        return cases;
    }

    [Theory]
    [MemberData(nameof(OptimizersAndL2))]
    public void Full_batch_steps_match_the_scalar_reference_with_and_without_L2_on_matrices(string name, double lambda)
    {
        // H = 5, D = 3: blocks of 15, 5 and 5 entries, so every block has a SIMD part and a padded tail. Without L2 (and
        // but for AdamW) the write pass takes the three blocks as one range of 25, whose vectors straddle the blocks' borders.
        var data = ToyDatasets.Spirals(12, 0.1, seed: 2);
        var train = new Dataset(data.Inputs.Select(p => new[] { p[0], p[1], p[0] * p[1] }).ToArray(), data.Targets);
        var net = new Models.TwoLayerModel(H: 5, D: 3, seed: 0);
        net.Initialize(seed: 3);
        var theta = Theta.Of(net);
        var w = ParameterTransfer.FindBlock(net, "W");
        bool Decayed(int i) => i >= w.Offset && i < w.Offset + w.Length;
        const double eta = 0.05;
        var reference = new ReferenceOptimizer(Named(name), theta.Length);
        var probe = new Models.TwoLayerModel(H: 5, D: 3, seed: 0);
        for (int step = 0; step < 4; step++)
        {
            theta.CopyTo(probe.Parameters);
            var g = new double[theta.Length];
            for (int i = 0; i < train.Count; i++) probe.Gradient<SquaredLoss>(train.Inputs[i], train.Targets[i], g);
            for (int i = 0; i < g.Length; i++) g[i] = g[i] / train.Count + (Decayed(i) ? lambda * theta[i] : 0);
            reference.Step(theta, g, eta, Decayed);
        }

        Sgd.Train(net, train, new SgdOptions { Optimizer = Named(name), LearningRate = eta, L2 = lambda, Epochs = 4, BatchSize = train.Count });
        Assert.Equal(theta, Theta.Of(net), Tolerance(1e-13));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_step_that_would_overflow_is_not_applied(string name)
    {
        // θ near the largest double and a huge step: the update overflows while the loss is still finite.
        var model = new Models.LinearModel(D: 1, seed: 0);
        model.Parameters[0] = 1e300;
        model.Parameters[1] = -1e300;
        var before = Theta.Of(model);
        var error = Assert.Throws<TrainingDivergedException>(() => Sgd.Train(model, new Dataset([[1.0]], [1.0]),
            new SgdOptions { Optimizer = Named(name), LearningRate = 1e308, Epochs = 2, L2Scope = L2Scope.All }));
        Assert.Equal(1, error.Epoch);
        Assert.Contains("epoch 1", error.Message);
        Theta.AssertBitIdentical(before, Theta.Of(model));
    }

    [Fact]
    public void Invalid_optimizer_settings_are_rejected()
    {
        Assert.Equal("Momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new SgdOptimizer { Momentum = 1 }).ParamName);
        Assert.Equal("Beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer { Beta2 = -0.1 }).ParamName);
        Assert.Equal("Epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer { Epsilon = 0 }).ParamName);
        Assert.Equal("WeightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamWOptimizer { WeightDecay = double.NaN }).ParamName);
        Assert.Throws<ArgumentNullException>(() => new SgdOptions { Optimizer = null! });
        var model = new Models.LinearModel(D: 1, seed: 0);
        var error = Assert.Throws<ArgumentException>(() => Sgd.Train(model, OnePoint, new SgdOptions { Optimizer = new SgdOptimizer { Nesterov = true } }));
        Assert.Equal("options", error.ParamName);
    }

    private static Comparer Tolerance(double relative) => new(relative);

    /// <summary>Equal within a relative tolerance (absolute below 1).</summary>
    internal sealed class Comparer(double relative) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= relative * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));

        public int GetHashCode(double obj) => 0;
    }
}
