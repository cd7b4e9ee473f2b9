using System.Globalization;
using System.Text.RegularExpressions;
using Inference;

namespace SymGrad.PackageTests;

/// <summary>
/// The Inference sample compiled with Native AOT: it publishes without a single trim or AOT warning, and its native
/// binary prints the same predictions as the same code run here on the JIT.
/// </summary>
public sealed partial class NativeInferenceTests(PublishedInference published) : IClassFixture<PublishedInference>
{
    [Fact]
    public void PublishHasNoWarnings()
    {
        var warnings = WarningLine().Matches(published.Publish.Output + published.Publish.Error).Select(m => m.Value).Distinct().ToList();
        Assert.True(warnings.Count == 0, $"{warnings.Count} warnings:\n{string.Join('\n', warnings)}");
        Assert.True(File.Exists(published.Executable), $"No native executable at {published.Executable}.\n{published.Publish.Output}");
    }

    [Fact]
    public async Task NativeBinaryPredictsAsTheJitRunOnTheSameRows()
    {
        var fromFile = (await DotNet.RunProgramAsync(published.Executable, Repository.Root, null,
            SampleData.Parameters, SampleData.Rows)).EnsureSuccess();
        var fromStdin = (await DotNet.RunProgramAsync(published.Executable, Repository.Root, await File.ReadAllTextAsync(SampleData.Rows, TestContext.Current.CancellationToken),
            SampleData.Parameters)).EnsureSuccess();

        var model = SampleData.NewModel();
        ParameterFile.Load(model, SampleData.Parameters);
        var jit = new StringWriter(CultureInfo.InvariantCulture);
        using (var rows = new StreamReader(SampleData.Rows)) Predictions.Write(model, rows, jit);

        Assert.Equal(fromFile.Output, fromStdin.Output);
        string[] expected = Lines(jit.ToString()), actual = Lines(fromFile.Output);
        Assert.Equal(17, expected.Length); // the header and 16 rows
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(expected[0], actual[0]);
        for (int i = 1; i < expected.Length; i++)
        {
            string[] e = expected[i].Split(','), a = actual[i].Split(',');
            Assert.Equal(e[0], a[0]); // row number
            // The native code may use a narrower SIMD width than the JIT, which can reorder a dot product's sum: allow rounding.
            Assert.Equal(double.Parse(e[1], CultureInfo.InvariantCulture), double.Parse(a[1], CultureInfo.InvariantCulture), 1e-12);
            Assert.Equal(e[2], a[2]); // class
        }
    }

    /// <summary>The float32 class in the native binary: scores within float32 rounding of the float64 JIT run, the same classes.</summary>
    [Fact]
    public async Task NativeFloat32BinaryPredictsAsTheFloat64JitRunWithinFloatRounding()
    {
        var native = (await DotNet.RunProgramAsync(published.Executable, Repository.Root, null,
            "--float32", SampleData.Parameters, SampleData.Rows)).EnsureSuccess();
        var model = SampleData.NewModel();
        ParameterFile.Load(model, SampleData.Parameters);
        var jit = new StringWriter(CultureInfo.InvariantCulture);
        using (var rows = new StreamReader(SampleData.Rows)) Predictions.Write(model, rows, jit);

        string[] expected = Lines(jit.ToString()), actual = Lines(native.Output);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 1; i < expected.Length; i++)
        {
            string[] e = expected[i].Split(','), a = actual[i].Split(',');
            double wide = double.Parse(e[1], CultureInfo.InvariantCulture), narrow = double.Parse(a[1], CultureInfo.InvariantCulture);
            // 16 hidden units and 2 inputs: a few float roundings of θ and x, each ≤ 2⁻²⁴ relative, stay far below 1e-4.
            Assert.True(Math.Abs(wide - narrow) <= 1e-4 * Math.Max(1, Math.Abs(wide)), $"row {i}: float64 {wide:R}, float32 {narrow:R}");
            Assert.Equal(e[2], a[2]);
        }
    }

    [Fact]
    public async Task NativeBinaryRefusesAFileThatIsNotAParameterFile()
    {
        var result = await DotNet.RunProgramAsync(published.Executable, Repository.Root, null, SampleData.Rows, SampleData.Rows);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a SymGrad parameter file", result.Error);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An MSBuild or ILC warning line, e.g. "…: warning IL2026: …" or "… warning IL3050 …".</summary>
    [GeneratedRegex(@"^.*\bwarning\s+[A-Z]+\d+.*$", RegexOptions.Multiline)]
    private static partial Regex WarningLine();
}
