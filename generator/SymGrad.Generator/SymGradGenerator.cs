using System.Linq;
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
        var models = Generate(ModelDiscovery.Models(context).WithTrackingName(Steps.Parse));
        var losses = Generate(ModelDiscovery.Losses(context).WithTrackingName(Steps.ParseLoss));
        // Written together: hint names must be unique across every model and loss of the compilation (HintNames).
        context.RegisterSourceOutput(models.Collect().Combine(losses.Collect()), static (spc, all) => Write(spc, all.Left.AddRange(all.Right)));
    }

    /// <summary>The stages after parsing, shared by models and losses.</summary>
    private static IncrementalValuesProvider<GeneratedModel> Generate(IncrementalValuesProvider<ModelDefinition> parsed) =>
        parsed
            .Select(static (m, _) => Guard(m, ShapeChecker.Check)).WithTrackingName(Steps.Shapes)
            .Select(static (m, _) => Guard(m, ReverseSweep.Differentiate)).WithTrackingName(Steps.Differentiate)
            .Select(static (m, _) => Guard(m, Optimizer.Optimize)).WithTrackingName(Steps.Optimize)
            .Select(static (m, _) => Guard(m, ModelEmitter.Emit)).WithTrackingName(Steps.Emit);

    /// <summary>Reports every model's diagnostics and adds its source under a hint name no other model's equals, ignoring case.</summary>
    private static void Write(SourceProductionContext context, System.Collections.Immutable.ImmutableArray<GeneratedModel> models)
    {
        var withSource = models.Where(m => m.Source.Length > 0).ToList();
        string[] hints = HintNames.Unique(withSource.Select(m => m.HintName).ToList());
        foreach (var model in models)
            foreach (var diagnostic in model.Diagnostics) context.ReportDiagnostic(diagnostic.ToDiagnostic());
        for (int k = 0; k < withSource.Count; k++)
        {
            var model = withSource[k];
            string hint = hints[k];
            // Like every stage, AddSource runs guarded: a throw here would make the compiler drop every model's code (CS8785).
            var failure = StageGuard.Run<DiagnosticInfo?>(model.HintName, null, () => { context.AddSource(hint, model.Source); return null; }, d => d);
            if (failure is not null) context.ReportDiagnostic(failure.ToDiagnostic());
        }
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
