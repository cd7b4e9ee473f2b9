using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SymGrad.Generator.Common;

/// <summary>
/// A source location as plain data. Pipeline models must not hold a <see cref="Location"/> (it pins
/// the syntax tree and defeats caching), so they carry this and turn it back into one when reporting.
/// </summary>
internal sealed record SourceSpan(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static SourceSpan From(SyntaxNode node) => From(node.GetLocation());

    public static SourceSpan From(SyntaxToken token) => From(token.GetLocation());

    public static SourceSpan From(Location location)
    {
        var line = location.GetLineSpan();
        return new SourceSpan(
            line.Path ?? string.Empty,
            location.SourceSpan.Start,
            location.SourceSpan.Length,
            line.StartLinePosition.Line,
            line.StartLinePosition.Character,
            line.EndLinePosition.Line,
            line.EndLinePosition.Character);
    }

    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}
