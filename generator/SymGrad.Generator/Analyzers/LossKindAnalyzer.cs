using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SymGrad.Generator.Diagnostics;

namespace SymGrad.Generator.Analyzers;

/// <summary>
/// SG0022: a loss of the wrong kind for the model, such as <c>Sgd.Train&lt;SoftmaxCrossEntropy&gt;(scalarModel, …)</c> or
/// <c>classifier.Gradient&lt;LogisticLoss&gt;(x, y, g)</c>. C# rejects the call only by a constraint (CS0311/CS0315), which
/// says nothing of what to use instead; this names the loss, the model and the losses that fit it, at the loss's type
/// argument.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LossKindAnalyzer : DiagnosticAnalyzer
{
    private enum Kind { None, Scalar, Vector }

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticCatalogue.LossDoesNotFitModel);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.InvocationExpression);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        if (name is not GenericNameSyntax generic) return; // a loss is always an explicit type argument
        var semantics = context.SemanticModel;
        var info = semantics.GetSymbolInfo(invocation, context.CancellationToken);
        var candidates = (info.Symbol is { } bound ? ImmutableArray.Create(bound) : info.CandidateSymbols).OfType<IMethodSymbol>().ToList();
        if (candidates.Count == 0 || !candidates.All(IsSymGradMethod)) return;

        var arguments = generic.TypeArgumentList.Arguments;
        var types = arguments.Select(a => semantics.GetTypeInfo(a, context.CancellationToken).Type).ToList();
        int lossIndex = types.FindIndex(t => t is not null && LossKindOf(t) != Kind.None);
        if (lossIndex < 0) return;
        var loss = types[lossIndex]!;

        var model = ModelKindOf(invocation, types, semantics, context);
        var lossKind = LossKindOf(loss);
        if (model.Kind == Kind.None || model.Kind == lossKind) return;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalogue.LossDoesNotFitModel, arguments[lossIndex].GetLocation(),
            Message(loss, model.Name, model.Kind, TakesTargetVectors(candidates))));
    }

    /// <summary>
    /// Whether the method called (any overload of its name) takes a loss against a target vector (IVectorLoss): a vector
    /// model's Gradient does; the trainers, evaluations and GradientFactored take class losses only.
    /// </summary>
    private static bool TakesTargetVectors(System.Collections.Generic.List<IMethodSymbol> candidates) =>
        candidates.SelectMany(m => m.ContainingType.GetMembers(m.Name)).OfType<IMethodSymbol>()
            .Any(m => m.TypeParameters.Any(t => t.ConstraintTypes.Any(c => IsSymGrad(c, "IVectorLoss"))));

    private static string Message(ITypeSymbol loss, string model, Kind modelKind, bool targetVectors) => modelKind == Kind.Vector
        ? $"'{loss.Name}' is a loss of one score against one target, but '{model}' returns a vector of K scores: " +
          "train it on class labels 0..K−1 with SoftmaxCrossEntropy or MulticlassHinge (Dataset.WithLabels; a ±1 binary problem is 2 classes)" +
          (targetVectors ? ", or on a target vector with VectorSquaredLoss" : "")
        : $"'{loss.Name}' is a loss over a vector of K scores, but '{model}' returns one score: " +
          "use LogisticLoss or HingeLoss for ±1 labels, SquaredLoss for real targets, " +
          "or make the [Model] return Vec (an output layer [Shape(\"K\", …)] Mat) to classify K classes";

    /// <summary>The kind of the model the call is about: its receiver, an argument, or a type argument.</summary>
    private static (Kind Kind, string Name) ModelKindOf(InvocationExpressionSyntax invocation, System.Collections.Generic.List<ITypeSymbol?> typeArguments,
        SemanticModel semantics, SyntaxNodeAnalysisContext context)
    {
        var candidates = typeArguments.Where(t => t is not null).Select(t => t!).ToList();
        if (invocation.Expression is MemberAccessExpressionSyntax member && semantics.GetTypeInfo(member.Expression, context.CancellationToken).Type is { } receiver)
            candidates.Insert(0, receiver);
        foreach (var argument in invocation.ArgumentList.Arguments)
            if (semantics.GetTypeInfo(argument.Expression, context.CancellationToken).Type is { } type) candidates.Add(type);
        foreach (var type in candidates)
        {
            var kind = ModelKindOf(type);
            if (kind != Kind.None) return (kind, type.Name);
        }
        return (Kind.None, "");
    }

    private static Kind ModelKindOf(ITypeSymbol type) =>
        Is(type, "IVectorModel") ? Kind.Vector : Is(type, "IModel") ? Kind.Scalar : Kind.None;

    /// <summary>Scalar for an ILoss (score against a target), Vector for an IClassLoss or IVectorLoss (K scores).</summary>
    private static Kind LossKindOf(ITypeSymbol type) =>
        Is(type, "IClassLoss") || Is(type, "IVectorLoss") ? Kind.Vector : Is(type, "ILoss") ? Kind.Scalar : Kind.None;

    /// <summary>Whether <paramref name="type"/> is, or implements, SymGrad's interface <paramref name="name"/>.</summary>
    private static bool Is(ITypeSymbol type, string name) =>
        IsSymGrad(type, name) || type.AllInterfaces.Any(i => IsSymGrad(i, name));

    private static bool IsSymGrad(ITypeSymbol type, string name) =>
        type.Name == name && type.ContainingNamespace is { Name: "SymGrad", ContainingNamespace.IsGlobalNamespace: true };

    /// <summary>A method of SymGrad's runtime or of a generated model (a type implementing IModel or IVectorModel).</summary>
    private static bool IsSymGradMethod(IMethodSymbol method) =>
        method.ContainingNamespace is { Name: "SymGrad", ContainingNamespace.IsGlobalNamespace: true }
        || ModelKindOf(method.ContainingType) != Kind.None;
}
