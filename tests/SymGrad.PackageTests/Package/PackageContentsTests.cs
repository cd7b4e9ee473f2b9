using System.IO.Compression;
using System.Xml.Linq;

namespace SymGrad.PackageTests;

/// <summary>The packed SymGrad package has the layout and metadata a NuGet user relies on.</summary>
[Collection(DocumentedInstallCollection.Name)]
public sealed class PackageContentsTests(DocumentedInstall install)
{
    [Fact]
    public void PackageHoldsTheRuntimeTheGeneratorTheDocsAndTheReadme()
    {
        using var package = ZipFile.OpenRead(install.NewestPackage);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        foreach (string framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{framework}/SymGrad.dll", entries);
            Assert.Contains($"lib/{framework}/SymGrad.xml", entries);
        }
        Assert.Contains("analyzers/dotnet/cs/SymGrad.Generator.dll", entries);
        Assert.Contains("README.md", entries);
        // The generator runs in the compiler only: it must never land among the assemblies an app references.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
    }

    [Fact]
    public void NuspecDeclaresLicenceReadmeRepositoryAndOnlyRuntimeDependencies()
    {
        using var package = ZipFile.OpenRead(install.NewestPackage);
        using var stream = package.GetEntry("SymGrad.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("SymGrad", Value("id"));
        Assert.StartsWith(Repository.Version + "-local.", Value("version")); // the README packs a fresh version each time
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.False(string.IsNullOrWhiteSpace(Value("tags")));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.StartsWith("https://", repository.Attribute("url")?.Value);

        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => e.Attribute("id")!.Value).ToList();
        Assert.Contains("System.Numerics.Tensors", dependencies);
        Assert.DoesNotContain(dependencies, d => d.Contains("Generator", StringComparison.OrdinalIgnoreCase) || d.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public void SymbolPackageHoldsTheRuntimePdb()
    {
        using var symbols = ZipFile.OpenRead(Path.ChangeExtension(install.NewestPackage, ".snupkg"));
        Assert.Contains(symbols.Entries, e => e.FullName == "lib/net8.0/SymGrad.pdb");
        Assert.Contains(symbols.Entries, e => e.FullName == "lib/net10.0/SymGrad.pdb");
    }
}
