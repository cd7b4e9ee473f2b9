namespace SymGrad.Training.Tests;

public class InitializerTests
{
    [Theory]
    [InlineData(InitializationScheme.LeCun)]
    [InlineData(InitializationScheme.Glorot)]
    [InlineData(InitializationScheme.He)]
    public void No_scheme_leaves_a_block_all_zeros_and_the_seed_fixes_theta(InitializationScheme scheme)
    {
        var net = new Models.DeepModel(H: 3, D: 2, seed: 0);
        ParameterInitializer.Initialize(net, seed: 5, scale: 0.1, scheme);
        foreach (var block in net.Blocks)
            Assert.Contains(net.Parameters.Slice(block.Offset, block.Length).ToArray(), value => value != 0);
        var again = new Models.DeepModel(H: 3, D: 2, seed: 0);
        ParameterInitializer.Initialize(again, seed: 5, scale: 0.1, scheme);
        Assert.Equal(net.Parameters.ToArray(), again.Parameters.ToArray());
    }

    [Fact]
    public void The_schemes_size_the_noise_by_fan_in_and_fan_out()
    {
        // A 400×100 matrix has enough entries to estimate σ within a few percent.
        var net = new Models.TwoLayerModel(H: 400, D: 100, seed: 0);
        double Sigma(InitializationScheme scheme)
        {
            ParameterInitializer.Initialize(net, seed: 1, scale: 2.0, scheme);
            var w = net.W.ToArray();
            return Math.Sqrt(w.Select(x => x * x).Average());
        }
        Assert.Equal(2.0 / Math.Sqrt(100), Sigma(InitializationScheme.LeCun), 0.01);
        Assert.Equal(2.0 * Math.Sqrt(2.0 / 500), Sigma(InitializationScheme.Glorot), 0.01);
        Assert.Equal(2.0 * Math.Sqrt(2.0 / 100), Sigma(InitializationScheme.He), 0.01);
    }

    [Fact]
    public void The_original_signature_is_LeCun()
    {
        var a = new Models.TwoLayerModel(H: 4, D: 2, seed: 0);
        var b = new Models.TwoLayerModel(H: 4, D: 2, seed: 0);
        a.Initialize(seed: 3, scale: 0.7);
        ParameterInitializer.Initialize(b, 3, 0.7, InitializationScheme.LeCun);
        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
    }
}
