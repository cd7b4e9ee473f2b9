using System.Text.RegularExpressions;
using SymGrad.Generator.Diagnostics;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>docs/diagnostics.md explains every diagnostic, and nothing that does not exist.</summary>
public class DocumentationTests
{
    private static string DiagnosticsDoc() =>
        File.ReadAllText(Path.Combine(ProjectPaths.RepositoryRoot, "docs", "diagnostics.md"));

    [Fact]
    public void Every_diagnostic_has_a_section_and_every_section_a_diagnostic()
    {
        var documented = Regex.Matches(DiagnosticsDoc(), @"^## (SG\d{4})\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var catalogued = DiagnosticCatalogue.All.Select(d => d.Id).ToList();
        Assert.Equal(catalogued, documented);
        Assert.All(DiagnosticCatalogue.All, d => Assert.EndsWith("docs/diagnostics.md#" + d.Id.ToLowerInvariant(), d.HelpLinkUri));
    }
}
