using System.Text.RegularExpressions;

namespace SymGrad.PackageTests;

/// <summary>
/// The README and docs/ are all a user gets: every file they link to or name by a relative path is in the repository,
/// and they point at nothing outside it (the design notes and the lecture live elsewhere; docs/lecture.md restates it).
/// </summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Documents => new([
        "README.md", .. Directory.GetFiles(Repository.PathOf("docs"), "*.md").Select(f => Path.GetRelativePath(Repository.Root, f))]);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves_inside_the_repository(string document)
    {
        string path = Repository.PathOf(document);
        string text = File.ReadAllText(path);
        foreach (Match link in MarkdownLink().Matches(text))
        {
            string target = Uri.UnescapeDataString(link.Groups["target"].Value.Split('#')[0]);
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal)) continue;
            string resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target));
            Assert.True(resolved.StartsWith(Repository.Root, StringComparison.Ordinal), $"{document} links outside the repository: {target}");
            Assert.True(File.Exists(resolved) || Directory.Exists(resolved), $"{document} links to {target}, which does not exist.");
        }
        Assert.DoesNotContain("../shared", text);
        Assert.DoesNotContain("DESIGN.md", text);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
