using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace SymGrad.PackageTests;

/// <summary>
/// The README's Install steps, run word for word from a fresh home folder, give an app whose generated model works:
/// with the README's recipe for seeing generated files (built twice), after a re-pack, and on net8.0.
/// </summary>
[Collection(DocumentedInstallCollection.Name)]
public sealed partial class InstallAsDocumentedTests(DocumentedInstall install)
{
    [Fact]
    public async Task The_app_builds_twice_with_the_generated_files_recipe_and_runs_the_generated_model()
    {
        string project = Path.Combine(install.App, "Consumer.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", Readme.GeneratedFilesRecipe + "</Project>"));

        (await install.RunAsync(["dotnet build -c Release"], install.App)).EnsureSuccess();
        string generated = Path.Combine(install.App, "Generated", "SymGrad.Generator");
        Assert.True(Directory.Exists(generated) && Directory.EnumerateFiles(generated, "*TwoLayer*.g.cs", SearchOption.AllDirectories).Any(),
            $"No generated TwoLayer source under {generated}.");
        // The second build sees the emitted copies in the project folder: they must not be compiled again.
        (await install.RunAsync(["dotnet build -c Release"], install.App)).EnsureSuccess();
        Assert.False(File.Exists(Path.Combine(install.App, "bin", "Release", "net10.0", "SymGrad.Generator.dll")), "The generator was copied into the app.");

        var run = (await install.RunAsync(["dotnet run -c Release --no-build"], install.App)).EnsureSuccess();
        var printed = ConsumerOutput.Parse(run.Output);
        Assert.StartsWith(".NET_10.", printed["framework"]);
        ConsumerOutput.AssertComputedByTheGeneratedModel(printed);
    }

    [Fact]
    public async Task A_repack_is_what_the_app_uses_next()
    {
        string first = install.NewestPackage;

        // The README: "repeat the pack and the dotnet add package steps".
        (await install.RunAsync(DocumentedInstall.CommandsExcept("dotnet nuget add source"), install.Home)).EnsureSuccess();
        string second = install.NewestPackage;
        Assert.NotEqual(first, second);
        (await install.RunAsync(["dotnet build -c Release"], install.App)).EnsureSuccess();
        AssertAppHasRuntimeOf(second);
    }

    [Fact]
    public async Task A_net8_app_builds_and_runs_on_the_net8_runtime()
    {
        string app = install.NewApp("app8", "net8.0");
        // The README's last step in this app's folder. The app is self-contained, so it runs on the .NET 8 runtime from
        // NuGet (Microsoft.NETCore.App.Runtime) even on a machine that has only a newer shared runtime installed.
        (await install.RunAsync(["dotnet add package SymGrad --prerelease"], app)).EnsureSuccess();
        string rid = RuntimeInformation.RuntimeIdentifier;
        (await install.RunAsync([$"dotnet build -c Release -r {rid} --self-contained"], app)).EnsureSuccess();

        string executable = Path.Combine(app, "bin", "Release", "net8.0", rid, OperatingSystem.IsWindows() ? "Consumer.exe" : "Consumer");
        var run = (await DotNet.RunProgramAsync(executable, app, null)).EnsureSuccess();
        var printed = ConsumerOutput.Parse(run.Output);
        Assert.Matches(@"^\.NET_8\.0\.\d+$", printed["framework"]);
        ConsumerOutput.AssertComputedByTheGeneratedModel(printed);
    }

    [Fact]
    public void The_install_block_uses_no_relative_source_and_no_fixed_version()
    {
        var commands = Readme.InstallCommands;
        Assert.DoesNotContain(commands, c => c.Contains("--source", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("dotnet pack src/SymGrad", StringComparison.Ordinal) && c.Contains("\"$HOME/", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("dotnet add package SymGrad --prerelease", StringComparison.Ordinal));
    }

    private void AssertAppHasRuntimeOf(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        using var entry = zip.GetEntry("lib/net10.0/SymGrad.dll")!.Open();
        using var packed = new MemoryStream();
        entry.CopyTo(packed);
        byte[] inApp = File.ReadAllBytes(Path.Combine(install.App, "bin", "Release", "net10.0", "SymGrad.dll"));
        Assert.True(packed.ToArray().AsSpan().SequenceEqual(inApp), $"The app's SymGrad.dll is not the one in {Path.GetFileName(package)}.");
        Assert.Contains(Version().Match(Path.GetFileName(package)).Value, File.ReadAllText(Path.Combine(install.App, "Consumer.csproj")));
    }

    [GeneratedRegex(@"(?<=SymGrad\.)\d+\.\d+\.\d+-local\.\d+(?=\.nupkg)")]
    private static partial Regex Version();
}
