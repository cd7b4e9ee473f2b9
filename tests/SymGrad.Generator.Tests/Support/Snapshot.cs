using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace SymGrad.Generator.Tests.Support;

/// <summary>
/// Snapshot testing with committed files named as Verify names them
/// (<c>Snapshots/{Class}.{Test}#{hint}.verified.cs</c>), so moving to Verify later is a rename of nothing.
/// On a mismatch the actual text is written beside it as <c>.received.cs</c> and the test fails with a diff;
/// run with <c>SYMGRAD_ACCEPT_SNAPSHOTS=1</c> to accept (then read the diff before committing).
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "SYMGRAD_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, string hintName, [CallerFilePath] string testFile = "", [CallerMemberName] string test = "", string extension = ".cs")
    {
        string directory = Path.Combine(ProjectPaths.ProjectDirectory, "Snapshots");
        string stem = $"{Path.GetFileNameWithoutExtension(testFile)}.{test}#{Path.GetFileNameWithoutExtension(hintName)}";
        string verifiedPath = Path.Combine(directory, stem + ".verified" + extension);
        string receivedPath = Path.Combine(directory, stem + ".received" + extension);
        actual = Normalize(actual);
        string? expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verifiedPath} yet. Read {receivedPath}; if it is right, rerun with {AcceptVariable}=1."
            : $"Generated code differs from {verifiedPath} (received: {receivedPath}):\n{Diff(expected, actual)}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    private static string Diff(string expected, string actual)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual);
        var text = new StringBuilder();
        int shown = 0;
        foreach (var line in diff.Lines.Where(l => l.Type != ChangeType.Unchanged))
        {
            if (++shown > 60) { text.AppendLine("…"); break; }
            text.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").AppendLine(line.Text);
        }
        return text.ToString();
    }
}
