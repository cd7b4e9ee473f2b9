using Microsoft.CodeAnalysis.CSharp;

namespace SymGrad.Generator.Common;

/// <summary>Identifiers as the generated code spells them.</summary>
internal static class Identifiers
{
    /// <summary>
    /// The identifier as C# source: verbatim (<c>@class</c>) when it is a keyword, and also when it is a contextual
    /// keyword (<c>@record</c>), which is legal everywhere and keeps declarations from reading as the keyword.
    /// </summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
