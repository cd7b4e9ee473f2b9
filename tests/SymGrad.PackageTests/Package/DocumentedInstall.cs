namespace SymGrad.PackageTests;

/// <summary>
/// The README's Install block run word for word, as a new user on a fresh machine would: the repository's sources in a
/// fresh folder (no build output), a fresh home folder (an empty NuGet cache, no NuGet sources but nuget.org, none of
/// the machine's settings), and a user's app in a third folder. Made once for the tests that share it.
/// </summary>
public sealed class DocumentedInstall : IAsyncLifetime
{
    private const string CheckoutPlaceholder = "path/to/symgrad", AppPlaceholder = "path/to/your/app";
    private readonly TemporaryDirectory _root = new("symgrad-install");

    /// <summary>The copy of the repository the package is packed from.</summary>
    public string Checkout => _root.Combine("symgrad");

    /// <summary>The home folder every command runs with.</summary>
    public string Home => _root.Combine("home");

    /// <summary>The app the Install block added SymGrad to (net10.0).</summary>
    public string App => _root.Combine("app");

    /// <summary>The folder feed the README packs into.</summary>
    public string Feed => Path.Combine(Home, "symgrad-feed");

    /// <summary>The newest package in the feed, the one `dotnet add package SymGrad --prerelease` picks.</summary>
    public string NewestPackage => Directory.GetFiles(Feed, "SymGrad.*.nupkg").OrderBy(File.GetLastWriteTimeUtc).Last();

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Home);
        CopySources(Checkout);
        NewApp("app", "net10.0");
        (await RunAsync(Readme.InstallCommands, Home)).EnsureSuccess();
    }

    /// <summary>A copy of the consumer app in a new folder <paramref name="name"/>, targeting <paramref name="framework"/>, without SymGrad.</summary>
    public string NewApp(string name, string framework)
    {
        string app = _root.Combine(name);
        string source = Repository.PathOf("tests", "SymGrad.PackageTests", "Package", "Consumer");
        Directory.CreateDirectory(app);
        foreach (string file in Directory.EnumerateFiles(source).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        string project = Path.Combine(app, "Consumer.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<TargetFramework>net10.0</TargetFramework>", $"<TargetFramework>{framework}</TargetFramework>"));
        return app;
    }

    /// <summary>
    /// Runs README commands in one shell, with this fixture's folders for the README's placeholders and its home folder,
    /// the dotnet running these tests first on PATH, and no NuGet or MSBuild settings of the machine.
    /// </summary>
    public Task<ProcessResult> RunAsync(IEnumerable<string> commands, string workingDirectory, string? app = null)
    {
        string script = string.Join('\n', commands).Replace(CheckoutPlaceholder, Checkout).Replace(AppPlaceholder, app ?? App);
        string dotnetFolder = Path.GetDirectoryName(Path.GetFullPath(DotNet.Host == "dotnet" ? "/usr/bin/dotnet" : DotNet.Host))!;
        return DotNet.RunShellAsync(workingDirectory, script, new Dictionary<string, string?>
        {
            ["HOME"] = Home,
            ["PATH"] = $"{dotnetFolder}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
            ["NUGET_PACKAGES"] = null,
            ["NUGET_HTTP_CACHE_PATH"] = null,
            ["DOTNET_CLI_HOME"] = null,
        });
    }

    /// <summary>The README's commands but those that start with <paramref name="prefix"/>, in README order.</summary>
    public static IEnumerable<string> CommandsExcept(string prefix) =>
        Readme.InstallCommands.Where(c => !c.StartsWith(prefix, StringComparison.Ordinal));

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }

    // What a clone holds that packing needs, without anyone's bin/ and obj/.
    private static void CopySources(string destination)
    {
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "global.json", "README.md", "LICENSE" })
            Copy(Repository.PathOf(file), Path.Combine(destination, file));
        foreach (string folder in new[] { "src", "generator" })
            foreach (string file in Directory.EnumerateFiles(Repository.PathOf(folder), "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(Repository.Root, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
                Copy(file, Path.Combine(destination, relative));
            }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}

/// <summary>The tests that share one documented install: it runs once, before the first of them.</summary>
[CollectionDefinition(Name)]
public sealed class DocumentedInstallCollection : ICollectionFixture<DocumentedInstall>
{
    public const string Name = "documented install";
}
