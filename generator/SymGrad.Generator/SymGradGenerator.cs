using Microsoft.CodeAnalysis;
using SymGrad.Generator.Common;
using SymGrad.Generator.Differentiate;
using SymGrad.Generator.Discover;
using SymGrad.Generator.Emit;
using SymGrad.Generator.Model;
using SymGrad.Generator.Optimize;
using SymGrad.Generator.Shapes;

namespace SymGrad.Generator;

/// <summary>
/// The SymGrad generator: Discover → Parse → Shapes → Differentiate → Optimize → Emit, each stage a pure
/// function over equatable records, so an edit that does not touch a model leaves its steps cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SymGradGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-caching tests.</summary>
    public static class Steps
    {
        /// <summary>Discover and parse a [Model] method.</summary>
        public const string Parse = nameof(Parse);
        /// <summary>Discover and parse a [Loss] method.</summary>
        public const string ParseLoss = nameof(ParseLoss);
        /// <summary>Infer and check shapes.</summary>
        public const string Shapes = nameof(Shapes);
        /// <summary>Build the adjoint program.</summary>
        public const string Differentiate = nameof(Differentiate);
        /// <summary>Simplify and schedule.</summary>
        public const string Optimize = nameof(Optimize);
        /// <summary>Write the source.</summary>
        public const string Emit = nameof(Emit);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var members = MarkedMembers.Of(context);
        Generate(context, ModelDiscovery.Models(context).WithTrackingName(Steps.Parse), members);
        Generate(context, ModelDiscovery.Losses(context).WithTrackingName(Steps.ParseLoss), members);
    }

    /// <summary>
    /// The stages after parsing, shared by models and losses. They see no locations (diagnostics carry anchors),
    /// so moving a model or editing around it leaves them cached; the diagnostics are placed in the current
    /// syntax trees by a separate, cheap output.
    /// </summary>
    private static void Generate(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ModelDefinition> parsed,
        IncrementalValueProvider<System.Collections.Immutable.ImmutableArray<(string Key, Microsoft.CodeAnalysis.SyntaxNode Node)>> members)
    {
        var generated = parsed
            .Select(static (m, _) => Guard(m, ShapeChecker.Check)).WithTrackingName(Steps.Shapes)
            .Select(static (m, _) => Guard(m, ReverseSweep.Differentiate)).WithTrackingName(Steps.Differentiate)
            .Select(static (m, _) => Guard(m, Optimizer.Optimize)).WithTrackingName(Steps.Optimize)
            .Select(static (m, _) => Guard(m, ModelEmitter.Emit)).WithTrackingName(Steps.Emit);

        context.RegisterSourceOutput(generated, static (spc, model) =>
        {
            if (model.Source.Length > 0) spc.AddSource(model.HintName, model.Source);
        });
        var diagnostics = generated.Select(static (m, _) => m.Diagnostics).Where(static d => d.Count > 0).Collect();
        context.RegisterSourceOutput(diagnostics.Combine(members), static (spc, pair) => MarkedMembers.Report(spc, pair.Left, pair.Right));
    }

    private static ModelDefinition Guard(ModelDefinition m, System.Func<ModelDefinition, ModelDefinition> stage) =>
        StageGuard.Run(m.Header?.MethodName ?? "?", null, () => stage(m), d => m with { Header = null, Diagnostics = Add(m.Diagnostics, d) });

    private static DifferentiatedModel Guard(ModelDefinition m, System.Func<ModelDefinition, DifferentiatedModel> stage) =>
        StageGuard.Run(m.Header?.MethodName ?? "?", null, () => stage(m), d => DifferentiatedModel.Failed(null, Add(m.Diagnostics, d)));

    private static OptimizedModel Guard(DifferentiatedModel m, System.Func<DifferentiatedModel, OptimizedModel> stage) =>
        StageGuard.Run(m.Header?.MethodName ?? "?", null, () => stage(m), d => new OptimizedModel(null, null, -1, -1, null, null, Add(m.Diagnostics, d)));

    private static GeneratedModel Guard(OptimizedModel m, System.Func<OptimizedModel, GeneratedModel> stage) =>
        StageGuard.Run(m.Header?.MethodName ?? "?", null, () => stage(m), d => new GeneratedModel(string.Empty, string.Empty, Add(m.Diagnostics, d)));

    private static EquatableArray<DiagnosticInfo> Add(EquatableArray<DiagnosticInfo> list, DiagnosticInfo d) =>
        System.Linq.Enumerable.Append(list, d).ToEquatableArray();
}
