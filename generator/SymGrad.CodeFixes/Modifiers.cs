using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SymGrad.CodeFixes;

/// <summary>Adds a modifier keyword where C# wants it, keeping the declaration's indentation and comments.</summary>
internal static class Modifiers
{
    /// <summary>
    /// <paramref name="modifiers"/> with <paramref name="kind"/> added: after the accessibility keywords for
    /// <c>static</c>, last for <c>partial</c> (which must come just before class, struct or record).
    /// <paramref name="next"/> is the token that follows the modifiers, whose leading trivia moves to the new
    /// keyword when it is the first.
    /// </summary>
    public static (SyntaxTokenList Modifiers, SyntaxToken Next) Add(SyntaxTokenList modifiers, SyntaxToken next, SyntaxKind kind)
    {
        var keyword = SyntaxFactory.Token(kind).WithTrailingTrivia(SyntaxFactory.Space);
        int index = kind == SyntaxKind.PartialKeyword ? modifiers.Count
            : modifiers.TakeWhile(m => SyntaxFacts.IsAccessibilityModifier(m.Kind())).Count();
        if (modifiers.Count == 0)
            return (SyntaxFactory.TokenList(keyword.WithLeadingTrivia(next.LeadingTrivia)), next.WithLeadingTrivia());
        if (index == 0)
        {
            var first = modifiers[0];
            modifiers = modifiers.Replace(first, first.WithLeadingTrivia());
            keyword = keyword.WithLeadingTrivia(first.LeadingTrivia);
        }
        return (modifiers.Insert(index, keyword), next);
    }
}
