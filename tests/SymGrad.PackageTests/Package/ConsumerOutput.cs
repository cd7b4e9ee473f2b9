using System.Globalization;
using Inference;

namespace SymGrad.PackageTests;

/// <summary>
/// What the consumer app prints ("key value" lines), checked against this checkout's generator (the Inference sample's
/// identical TwoLayer) and the reference implementation.
/// </summary>
internal static class ConsumerOutput
{
    public static Dictionary<string, string> Parse(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)).ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

    public static void AssertComputedByTheGeneratedModel(Dictionary<string, string> printed)
    {
        Assert.Equal("TwoLayer", printed["model"]);
        double[] theta = Numbers(printed["theta"]), x = Numbers(printed["x"]);
        double y = Numbers(printed["y"])[0];
        var expected = new Nets.TwoLayerModel(H: 3, D: 2, seed: 0);
        Assert.Equal(expected.ParameterCount, theta.Length);
        theta.CopyTo(expected.Parameters);
        var expectedGradient = new double[expected.ParameterCount];
        double expectedLoss = expected.Gradient<SquaredLoss>(x, y, expectedGradient);
        double reference = Nets.TwoLayer(new Vec(x), new Mat(3, 2, theta.AsSpan(0, 6)), new Vec(theta.AsSpan(6, 3)), new Vec(theta.AsSpan(9, 3)));

        double forward = Numbers(printed["forward"])[0];
        Assert.Equal(reference, forward, 1e-12);
        Assert.Equal(expected.Forward(x), forward, 1e-12);
        Assert.Equal(Math.Sign(reference), Numbers(printed["predict"])[0]);
        Assert.Equal(expectedLoss, Numbers(printed["loss"])[0], 1e-12);
        Assert.Equal((y - reference) * (y - reference), expectedLoss, 1e-12);
        double[] gradient = Numbers(printed["gradient"]);
        Assert.Equal(expectedGradient.Length, gradient.Length);
        for (int i = 0; i < gradient.Length; i++) Assert.Equal(expectedGradient[i], gradient[i], 1e-12);
        Assert.Contains(gradient, g => g != 0); // a model that never reached the generator's Gradient would print zeros
    }

    private static double[] Numbers(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
