using System.Runtime.InteropServices;

namespace SymGrad.PackageTests;

/// <summary>
/// samples/Inference published with Native AOT for this machine, once for the tests that run it. The build goes to a
/// private artifacts folder, so it neither races with nor reuses a build of the checkout.
/// </summary>
public sealed class PublishedInference : IAsyncLifetime
{
    private readonly TemporaryDirectory _root = new("symgrad-aot");

    /// <summary>The native executable.</summary>
    public string Executable => _root.Combine("publish", OperatingSystem.IsWindows() ? "Inference.exe" : "Inference");

    /// <summary>Everything `dotnet publish` printed.</summary>
    public ProcessResult Publish { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Publish = (await DotNet.RunAsync(Repository.Root, "publish", Repository.PathOf("samples", "Inference", "Inference.csproj"),
            "--configuration", "Release", "-p:PublishAot=true", "--runtime", RuntimeInformation.RuntimeIdentifier,
            "--output", _root.Combine("publish"), "--artifacts-path", _root.Combine("artifacts"), "-nodeReuse:false")).EnsureSuccess();
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }
}
