using System.Reflection;

namespace SymGrad.Generator.Tests.Support;

/// <summary>
/// Where this test project's sources live, recorded at build time. Not <c>[CallerFilePath]</c>: CI builds
/// (<c>ContinuousIntegrationBuild</c>) map source paths to <c>/_/</c>, which exists on no disk.
/// </summary>
public static class ProjectPaths
{
    public static string ProjectDirectory { get; } =
        typeof(ProjectPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(ProjectDirectory, "..", ".."));
}
