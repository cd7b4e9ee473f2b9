using System.Globalization;
using Inference;

namespace SymGrad.PackageTests;

/// <summary>
/// Installing the package gives a working generator: a fresh project that references SymGrad only by PackageReference,
/// restored from the freshly packed local feed into its own packages folder, builds a [Model] and runs it.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ConsumerTests(PackedFeed feed)
{
    [Fact]
    public async Task ConsumerBuiltFromThePackageRunsTheGeneratedModel()
    {
        using var work = new TemporaryDirectory("symgrad-consumer");
        string project = work.Combine("consumer");
        CopyConsumer(project);
        WriteNuGetConfig(work.Path, feed.Folder);

        var build = (await DotNet.RunAsync(project, "build", "--configuration", "Release",
            "--packages", work.Combine("packages"), $"-p:SymGradVersion={Repository.Version}", "-nodeReuse:false")).EnsureSuccess();

        // The restore took SymGrad from the fresh feed, into the isolated packages folder, and the package's generator wrote the model.
        Assert.True(File.Exists(work.Combine("packages", "symgrad", Repository.Version, $"symgrad.{Repository.Version}.nupkg")), build.Output);
        string generated = Path.Combine(project, "obj", "Release", "net10.0", "generated");
        Assert.True(Directory.Exists(generated) && Directory.EnumerateFiles(generated, "*TwoLayer*.g.cs", SearchOption.AllDirectories).Any(),
            $"No generated TwoLayer source under {generated}.\n{build.Output}");
        Assert.False(File.Exists(Path.Combine(project, "bin", "Release", "net10.0", "SymGrad.Generator.dll")), "The generator was copied into the app.");

        var run = (await DotNet.RunProgramAsync(DotNet.Host, project, null,
            Path.Combine(project, "bin", "Release", "net10.0", "Consumer.dll"))).EnsureSuccess();
        var printed = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)).ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

        // Recompute with this checkout's generator (the sample's identical TwoLayer) and with the reference implementation.
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

    private static void CopyConsumer(string destination)
    {
        string source = Repository.PathOf("tests", "SymGrad.PackageTests", "Package", "Consumer");
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.EnumerateFiles(source).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
    }

    /// <summary>
    /// SymGrad comes only from the local feed (package source mapping), everything else from nuget.org; &lt;clear /&gt;
    /// drops the machine's own sources, and the folder lies outside the repository, so no repository setting applies.
    /// </summary>
    private static void WriteNuGetConfig(string folder, string feed) => File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="symgrad-local" value="{feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="symgrad-local">
              <package pattern="SymGrad" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """);
}
