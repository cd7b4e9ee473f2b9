using System.Text;
using Microsoft.CodeAnalysis;

namespace SymGrad.Generator.Parse;

/// <summary>
/// An expression's text as messages quote it: its tokens with any comments or line breaks between them
/// shown as one space, so editing a comment inside a model does not change what the pipeline caches.
/// </summary>
internal static class ExpressionText
{
    public static string Of(SyntaxNode node)
    {
        var text = new StringBuilder();
        SyntaxToken previous = default;
        foreach (var token in node.DescendantTokens())
        {
            if (text.Length > 0 && (previous.HasTrailingTrivia || token.HasLeadingTrivia)) text.Append(' ');
            text.Append(token.Text);
            previous = token;
        }
        return text.ToString();
    }
}
