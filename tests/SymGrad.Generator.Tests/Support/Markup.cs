using Microsoft.CodeAnalysis.Text;

namespace SymGrad.Generator.Tests.Support;

/// <summary>Source with one span marked <c>[|like this|]</c>: where a diagnostic is expected.</summary>
public static class Markup
{
    public static (string Source, TextSpan Span) Parse(string markup)
    {
        int start = markup.IndexOf("[|", StringComparison.Ordinal);
        int end = markup.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start) throw new ArgumentException("Mark the expected span with [| and |].", nameof(markup));
        string source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
