using SymGrad.Generator.Common;

namespace SymGrad.Generator.Model;

/// <summary>A parsed (and later shape-checked) model: its declaration, its forward graph and what went wrong.</summary>
/// <param name="Header">The declaration; null when the method cannot be a model at all.</param>
/// <param name="Graph">The forward computation graph; null when parsing failed.</param>
/// <param name="Output">The node whose value the model returns.</param>
/// <param name="Diagnostics">Errors and warnings so far; any error stops the later stages.</param>
internal sealed record ModelDefinition(ModelHeader? Header, Graph? Graph, int Output, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => Header is null || Graph is null || Diagnostics.HasErrors();
}
