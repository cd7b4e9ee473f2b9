using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SymGrad.Generator.Common;
using SymGrad.Generator.Parse;

namespace SymGrad.Generator.Discover;

/// <summary>
/// The current syntax of every marked member, by key, for reporting. It changes with every edit of a model's
/// file, so it is kept out of the cached stages: only the report step reads it, to turn anchors into locations.
/// </summary>
internal static class MarkedMembers
{
    public static IncrementalValueProvider<ImmutableArray<(string Key, SyntaxNode Node)>> Of(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider.ForAttributeWithMetadataName(ModelLanguage.ModelAttribute,
            static (_, _) => true, static (ctx, _) => (AnchorScope.KeyOf(ctx.TargetNode, ctx.TargetSymbol), ctx.TargetNode));
        var losses = context.SyntaxProvider.ForAttributeWithMetadataName(ModelLanguage.LossAttribute,
            static (_, _) => true, static (ctx, _) => (AnchorScope.KeyOf(ctx.TargetNode, ctx.TargetSymbol), ctx.TargetNode));
        return models.Collect().Combine(losses.Collect()).Select(static (pair, _) => pair.Left.AddRange(pair.Right));
    }

    /// <summary>Reports diagnostics at their anchors in the current trees; one whose anchor is lost goes to its member.</summary>
    public static void Report(SourceProductionContext context, ImmutableArray<EquatableArray<DiagnosticInfo>> diagnostics, ImmutableArray<(string Key, SyntaxNode Node)> members)
    {
        var byKey = new Dictionary<string, SyntaxNode>();
        foreach (var (key, node) in members) if (!byKey.ContainsKey(key)) byKey.Add(key, node);
        foreach (var list in diagnostics)
            foreach (var diagnostic in list)
            {
                var location = diagnostic.Anchor is { } anchor && byKey.TryGetValue(anchor.Member, out var member)
                    ? anchor.Resolve(member) ?? member.GetLocation()
                    : Location.None;
                context.ReportDiagnostic(diagnostic.ToDiagnostic(location));
            }
    }
}
