using System.Linq;
using Microsoft.CodeAnalysis;
using SymGrad.Generator.Diagnostics;

namespace SymGrad.Generator.Common;

/// <summary>A diagnostic as plain, equatable data: the descriptor's id, where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, SourceSpan? Span, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceSpan? span, params string[] arguments) =>
        new(descriptor.Id, span, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticCatalogue.ById(Id), Span?.ToLocation() ?? Location.None, Arguments.Cast<object>().ToArray());
}

internal static class DiagnosticInfoExtensions
{
    public static bool HasErrors(this System.Collections.Generic.IEnumerable<DiagnosticInfo> diagnostics) =>
        diagnostics.Any(d => DiagnosticCatalogue.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error);
}
