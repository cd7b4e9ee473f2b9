namespace SymGrad.Training.Tests.Support;

/// <summary>Copies and bitwise comparisons of parameter vectors.</summary>
public static class Theta
{
    /// <summary>A copy of the model's parameters.</summary>
    public static double[] Of(IModel model) => model.Parameters.ToArray();

    /// <summary>Asserts two parameter vectors are bit-for-bit identical (so −0.0 ≠ 0.0 and NaN payloads count).</summary>
    public static void AssertBitIdentical(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"θ[{i}] differs: expected {expected[i]:R}, got {actual[i]:R}.");
    }
}
