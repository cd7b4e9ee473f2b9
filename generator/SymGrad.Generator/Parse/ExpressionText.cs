using System.Text;
using Microsoft.CodeAnalysis;

namespace SymGrad.Generator.Parse;

/// <summary>
/// An expression's text as messages quote it: its tokens with any comments or line breaks between them
/// shown as one space, so editing a comment inside a model does not change what the pipeline caches.
/// </summary>
internal static class ExpressionText
{
    /// <summary>The node's text, or its first characters once they pass <paramref name="stopAfter"/>.</summary>
    /// <remarks>
    /// Stopping early matters: every prefix of a chain a + b + … is a node, so reading each one whole makes a chain of
    /// n terms cost n² tokens.
    /// </remarks>
    public static string Of(SyntaxNode node, int stopAfter = int.MaxValue)
    {
        var text = new StringBuilder();
        SyntaxToken previous = default;
        foreach (var token in node.DescendantTokens())
        {
            if (text.Length > 0 && (previous.HasTrailingTrivia || token.HasLeadingTrivia)) text.Append(' ');
            text.Append(token.Text);
            if (text.Length > stopAfter) break;
            previous = token;
        }
        return text.ToString();
    }
}
