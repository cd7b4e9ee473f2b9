namespace SymGrad.PackageTests;

/// <summary>A fresh empty folder, deleted on dispose (kept when SYMGRAD_KEEP_TEMP=1, to look at a failure).</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("SYMGRAD_KEEP_TEMP") == "1") return;
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a straggling build process may still hold a file; the OS cleans temp eventually
        catch (UnauthorizedAccessException) { }
    }
}
