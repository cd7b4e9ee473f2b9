using System.Reflection;

namespace SymGrad.PackageTests;

/// <summary>The repository these tests were built from, and the package version it makes (both set by the project file).</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Version { get; } = Metadata("SymGradVersion");

    /// <summary>The configuration this test project (and so the samples it builds first) was built in.</summary>
    public static string Configuration { get; } = Metadata("Configuration");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");
}
