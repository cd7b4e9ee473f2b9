using System.Linq;
using Microsoft.CodeAnalysis;
using SymGrad.Generator.Diagnostics;

namespace SymGrad.Generator.Common;

/// <summary>A diagnostic as plain, equatable data: the descriptor's id, where (as an anchor), and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, SyntaxAnchor? Anchor, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SyntaxAnchor? anchor, params string[] arguments) =>
        new(descriptor.Id, anchor, arguments.ToEquatableArray());

    /// <summary>The diagnostic at a location in the current syntax tree (see <see cref="SyntaxAnchor.Resolve"/>).</summary>
    public Diagnostic ToDiagnostic(Location location) =>
        Diagnostic.Create(DiagnosticCatalogue.ById(Id), location, Arguments.Cast<object>().ToArray());
}

internal static class DiagnosticInfoExtensions
{
    public static bool HasErrors(this System.Collections.Generic.IEnumerable<DiagnosticInfo> diagnostics) =>
        diagnostics.Any(d => DiagnosticCatalogue.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error);
}
