namespace SymGrad.PackageTests;

/// <summary>
/// A local folder feed holding the SymGrad package freshly packed from this checkout (`dotnet pack src/SymGrad`),
/// made once for the tests that share it. Build outputs go to a private artifacts folder, so a concurrent build
/// of the repository neither races with the pack nor leaks into the package.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    private readonly TemporaryDirectory _root = new("symgrad-feed");

    /// <summary>The folder the packages were written to.</summary>
    public string Folder => _root.Combine("feed");

    /// <summary>The package itself.</summary>
    public string Package => Path.Combine(Folder, $"SymGrad.{Repository.Version}.nupkg");

    /// <summary>Its symbol package.</summary>
    public string SymbolPackage => Path.Combine(Folder, $"SymGrad.{Repository.Version}.snupkg");

    public async ValueTask InitializeAsync()
    {
        await DotNet.RunAsync(Repository.Root, "pack", Repository.PathOf("src", "SymGrad", "SymGrad.csproj"),
            "--configuration", "Release", "--output", Folder, "--artifacts-path", _root.Combine("artifacts"),
            "-nodeReuse:false").ContinueWith(t => t.Result.EnsureSuccess());
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The tests that share one packed feed: it is packed once, before the first of them.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
