using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>The lecture's two-layer network, generated from <see cref="Models.TwoLayer"/>.</summary>
public class TwoLayerTests
{
    public static TheoryData<int, int> Dimensions => new() { { 1, 1 }, { 1, 3 }, { 3, 1 }, { 4, 2 }, { 16, 2 }, { 7, 5 }, { 32, 17 } };

    private static (Models.TwoLayerModel Net, double[] X, double Y) Random(int h, int d, int seed)
    {
        var net = new Models.TwoLayerModel(H: h, D: d, seed: 0);
        net.Initialize(seed, scale: 1.5);
        var random = new Random(seed + 1000);
        return (net, FiniteDifferences.RandomVector(random, d, 2.0), 2 * random.NextDouble() - 1);
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Gradient_matches_central_finite_differences(int h, int d)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var (net, x, y) = Random(h, d, seed);
            FiniteDifferences.AssertGradientMatches(net, x, y);
        }
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Forward_equals_the_annotated_method(int h, int d)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var (net, x, _) = Random(h, d, seed);
            double expected = Models.TwoLayer(new Vec(x), new Mat(h, d, net.W), new Vec(net.b), new Vec(net.v));
            double actual = net.Forward(x);
            Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Max(1e-300, Math.Abs(expected)),
                $"Forward {actual:R} vs reference {expected:R}");
        }
    }

    [Fact]
    public void Gradient_returns_the_loss_and_accumulates()
    {
        var (net, x, y) = Random(5, 3, 42);
        var once = new double[net.ParameterCount];
        double loss = net.Gradient<SquaredLoss>(x, y, once);
        Assert.Equal(SquaredLoss.Value(net.Forward(x), y), loss);
        Assert.Contains(once, g => g != 0);

        var twice = (double[])once.Clone();
        net.Gradient<SquaredLoss>(x, y, twice);
        for (int k = 0; k < once.Length; k++) Assert.Equal(2 * once[k], twice[k], 15);
    }

    [Fact]
    public void Predict_is_the_sign_of_the_score()
    {
        var (net, x, _) = Random(6, 2, 11);
        Assert.Equal(Math.Sign(net.Forward(x)), net.Predict(x));
        net.v.Clear();
        Assert.Equal(0, net.Predict(x));
    }

    [Fact]
    public void Views_and_blocks_lay_out_theta_in_declaration_order()
    {
        var net = new Models.TwoLayerModel(H: 3, D: 2, seed: 0);
        Assert.Equal(3 * 2 + 3 + 3, net.ParameterCount);
        Assert.Equal(new[] { "W", "b", "v" }, net.Blocks.Select(b => b.Name));
        Assert.Equal(new[] { 0, 6, 9 }, net.Blocks.Select(b => b.Offset));
        net.b[1] = 123;
        Assert.Equal(123, net.Parameters[7]);
        Assert.Equal(2, net.InputLength);
        Assert.Equal("TwoLayer", net.Name);
    }

    [Fact]
    public void Construction_never_leaves_a_block_all_zero_and_is_seeded()
    {
        var a = new Models.TwoLayerModel(H: 4, D: 2, seed: 0);
        foreach (var block in a.Blocks)
            Assert.Contains(a.Parameters.Slice(block.Offset, block.Length).ToArray(), p => p != 0);
        var b = new Models.TwoLayerModel(H: 4, D: 2, seed: 0);
        b.Initialize(seed: 0);
        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
        b.Initialize(seed: 1);
        Assert.NotEqual(a.Parameters.ToArray(), b.Parameters.ToArray());
    }

    [Fact]
    public void Default_initialisation_follows_the_activation_a_matrix_feeds()
    {
        Assert.Equal(new[] { InitializationScheme.LeCun, InitializationScheme.LeCun, InitializationScheme.LeCun }, Models.TwoLayerModel.DefaultSchemes);
        Assert.Equal(InitializationScheme.He, Models.OpReluModel.DefaultSchemes[0]); // W feeds Relu(W * x + b)
        Assert.Equal(InitializationScheme.LeCun, Models.RbfModel.DefaultSchemes[0]); // W feeds a distance, not an activation
        var net = new Models.OpReluModel(H: 3, D: 2, seed: 0);
        var same = new Models.OpReluModel(H: 3, D: 2, seed: 0);
        net.Initialize(seed: 4, scale: 0.5);
        ParameterInitializer.Initialize(same, 4, 0.5, Models.OpReluModel.DefaultSchemes);
        Assert.Equal(same.Parameters.ToArray(), net.Parameters.ToArray());
    }

    [Fact]
    public void A_one_column_matrix_is_still_a_matrix()
    {
        // Found in review: with D = 1, W is H×1; its fan-in is 1 (LeCun σ = 1), not H as for a vector of length H.
        var net = new Models.TwoLayerModel(H: 400, D: 1, seed: 0);
        Assert.Equal(new[] { 2, 1, 1 }, net.Blocks.Select(b => b.Rank));
        Assert.True(net.Blocks[0].IsMatrix);
        double sigma = Math.Sqrt(net.W.ToArray().Average(w => w * w));
        Assert.InRange(sigma, 0.85, 1.15);
    }

    [Fact]
    public void Bad_arguments_are_rejected_before_anything_is_written()
    {
        var net = new Models.TwoLayerModel(H: 3, D: 2, seed: 0);
        var gradient = new double[net.ParameterCount];
        var before = net.Parameters.ToArray();

        var wrongInput = Assert.Throws<ArgumentException>(() => net.Forward(new double[3]));
        Assert.Equal("x", wrongInput.ParamName);
        wrongInput = Assert.Throws<ArgumentException>(() => net.Gradient<SquaredLoss>(new double[1], 0, gradient));
        Assert.Equal("x", wrongInput.ParamName);
        var wrongGradient = Assert.Throws<ArgumentException>(() => net.Gradient<SquaredLoss>(new double[2], 0, new double[net.ParameterCount + 1]));
        Assert.Equal("gradient", wrongGradient.ParamName);

        Assert.All(gradient, g => Assert.Equal(0, g));
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Equal("H", Assert.Throws<ArgumentOutOfRangeException>(() => new Models.TwoLayerModel(H: 0, D: 2, seed: 0)).ParamName);
        Assert.Equal("D", Assert.Throws<ArgumentOutOfRangeException>(() => new Models.TwoLayerModel(H: 2, D: -1, seed: 0)).ParamName);
    }

    [Theory]
    [InlineData(16, 2)]
    [InlineData(64, 64)]
    public void Forward_and_Gradient_allocate_nothing(int h, int d)
    {
        var (net, x, y) = Random(h, d, 7);
        var gradient = new double[net.ParameterCount];
        double sink = 0;
        for (int k = 0; k < 100; k++) sink += net.Forward(x) + net.Gradient<SquaredLoss>(x, y, gradient); // warm up (tiered JIT)

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 10_000; k++) sink += net.Forward(x) + net.Gradient<SquaredLoss>(x, y, gradient);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }
}
