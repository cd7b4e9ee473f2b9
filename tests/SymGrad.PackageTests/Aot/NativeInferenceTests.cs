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

    /// <summary>
    /// The float32 class in the native binary, from the committed float32 file: the scores of the same class and file run
    /// here on the JIT within float rounding, the same classes.
    /// </summary>
    [Fact]
    public async Task NativeFloat32BinaryPredictsAsTheFloat32JitRunFromAFloat32File()
    {
        var native = (await DotNet.RunProgramAsync(published.Executable, Repository.Root, null,
            "--float32", SampleData.Float32Parameters, SampleData.Rows)).EnsureSuccess();
        var model = SampleData.NewFloat32Model();
        ParameterFile.Load(model, SampleData.Float32Parameters);
        var jit = new StringWriter(CultureInfo.InvariantCulture);
        using (var rows = new StreamReader(SampleData.Rows)) Predictions.Write(model, rows, jit);

        string[] expected = Lines(jit.ToString()), actual = Lines(native.Output);
        Assert.Equal(17, expected.Length);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 1; i < expected.Length; i++)
        {
            string[] e = expected[i].Split(','), a = actual[i].Split(',');
            double jitScore = double.Parse(e[1], CultureInfo.InvariantCulture), nativeScore = double.Parse(a[1], CultureInfo.InvariantCulture);
            // The same float arithmetic, but the native code's SIMD width (and so tanh's lanes and a dot product's order)
            // may differ from the JIT's: a few float roundings of 16 terms, far below 1e-5.
            Assert.True(Math.Abs(jitScore - nativeScore) <= 1e-5 * Math.Max(1, Math.Abs(jitScore)), $"row {i}: JIT {jitScore:R}, native {nativeScore:R}");
            Assert.Equal(e[2], a[2]);
        }
    }

    /// <summary>A float64 file given to the float32 class is refused with the header's reason, before any row is read.</summary>
    [Fact]
    public async Task NativeFloat32BinaryRefusesAFloat64File()
    {
        var result = await DotNet.RunProgramAsync(published.Executable, Repository.Root, null, "--float32", SampleData.Parameters, SampleData.Rows);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("holds float64 parameters", result.Error);
        Assert.Contains("this model is float32", result.Error);
        Assert.Equal(string.Empty, result.Output);
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
