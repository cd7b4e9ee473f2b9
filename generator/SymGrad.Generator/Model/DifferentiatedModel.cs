using SymGrad.Generator.Common;

namespace SymGrad.Generator.Model;

/// <summary>
/// A model with its adjoint program: the graph holds the forward nodes, the loss, the seed ḡ, the adjoint
/// nodes and one gradient sink per contribution to a parameter.
/// </summary>
/// <param name="Header">The declaration; null after an error.</param>
/// <param name="Graph">The forward and adjoint graph; null after an error.</param>
/// <param name="Output">The forward node the model returns.</param>
/// <param name="Loss">The node L(g, y).</param>
/// <param name="Sinks">The nodes that add into the gradient.</param>
/// <param name="Diagnostics">Errors and warnings so far.</param>
internal sealed record DifferentiatedModel(ModelHeader? Header, Graph? Graph, int Output, int Loss, EquatableArray<int> Sinks, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => Header is null || Graph is null || Diagnostics.HasErrors();

    /// <summary>The nodes that add into ∂f/∂x (a scalar model) or seedᵀ ∂s/∂x (a vector model); empty for a [Loss].</summary>
    public EquatableArray<int> InputSinks { get; init; } = EquatableArray<int>.Empty;

    public static DifferentiatedModel Failed(ModelHeader? header, EquatableArray<DiagnosticInfo> diagnostics) =>
        new(header, null, -1, -1, EquatableArray<int>.Empty, diagnostics);
}
