using SymGrad.PropertyTests.Harness;

namespace SymGrad.PropertyTests.Regressions;

/// <summary>Checks one [Model] method exactly as the property test does; shrunk failures are printed as calls to this.</summary>
public static class RegressionCase
{
    /// <param name="method">The method, named M, as it would appear in a static partial class (which also declares CustomFunctions).</param>
    /// <param name="valueSeed">Seeds θ, x and y.</param>
    /// <param name="dims">Sizes of the named dims.</param>
    public static void Check(string method, ulong valueSeed, params (string Name, int Size)[] dims) => Run(method, null, valueSeed, dims);

    /// <summary>As <see cref="Check"/>, with the gradient taken through the [Loss] method <paramref name="loss"/>, named L.</summary>
    public static void CheckWithLoss(string method, string loss, ulong valueSeed, params (string Name, int Size)[] dims) => Run(method, loss, valueSeed, dims);

    private static void Run(string method, string? loss, ulong valueSeed, (string Name, int Size)[] dims)
    {
        var failures = ModelBatch.Check(new[] { new ModelCase(method, dims.ToDictionary(d => d.Name, d => d.Size), null, valueSeed, loss) });
        if (failures.Count > 0) Assert.Fail(failures[0]);
    }
}
