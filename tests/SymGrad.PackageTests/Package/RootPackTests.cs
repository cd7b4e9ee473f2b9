namespace SymGrad.PackageTests;

/// <summary>
/// `dotnet pack` at the repository root packs the solution: it fails (NU5017) if a project that cannot be a package,
/// such as the generator, is packable. Only src/SymGrad and src/SymGrad.Onnx may be. Checked by MSBuild's own evaluation of every project in
/// the solution, which takes seconds, rather than by packing the whole solution, which builds everything in Release.
/// </summary>
public sealed class RootPackTests
{
    [Fact]
    public async Task Only_the_SymGrad_runtime_and_its_ONNX_export_are_packable()
    {
        var list = (await DotNet.RunAsync(Repository.Root, "sln", "SymGrad.sln", "list")).EnsureSuccess();
        var projects = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.EndsWith(".csproj", StringComparison.Ordinal)).ToList();
        Assert.Contains(projects, p => p.Replace('\\', '/') == "generator/SymGrad.Generator/SymGrad.Generator.csproj");

        var packable = new List<string>();
        foreach (string project in projects)
        {
            var result = (await DotNet.RunAsync(Repository.Root, "msbuild", project, "-getProperty:IsPackable", "-nodeReuse:false")).EnsureSuccess();
            if (result.Output.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)) packable.Add(project.Replace('\\', '/'));
        }
        Assert.Equal(["src/SymGrad.Onnx/SymGrad.Onnx.csproj", "src/SymGrad/SymGrad.csproj"], packable.Order(StringComparer.Ordinal));
    }
}
