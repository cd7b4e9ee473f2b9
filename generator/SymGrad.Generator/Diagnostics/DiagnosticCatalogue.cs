using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SymGrad.Generator.Diagnostics;

/// <summary>
/// Every diagnostic SymGrad reports, in one place. Each id has a section in docs/diagnostics.md
/// with an example and the fix; the help link points there.
/// </summary>
internal static class DiagnosticCatalogue
{
    private const string Category = "SymGrad";
    private const string HelpBase = "https://github.com/symgrad/symgrad/blob/main/docs/diagnostics.md#";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());

    public static readonly DiagnosticDescriptor TypeNotPartial = Error("SG0001",
        "Model's containing type must be partial",
        "The type '{0}' that contains model '{1}' must be declared partial, so that SymGrad can add the class '{1}Model' to it");

    public static readonly DiagnosticDescriptor UnsupportedSyntax = Error("SG0002",
        "Unsupported syntax in a model",
        "{0} is not supported in a model: {1}");

    public static readonly DiagnosticDescriptor UnknownOperation = Error("SG0003",
        "Not a differentiable operation",
        "'{0}' is not a differentiable operation; {1}");

    public static readonly DiagnosticDescriptor InvalidSignature = Error("SG0004",
        "Invalid model method signature",
        "{0} method '{1}' {2}");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error("SG0005",
        "Unsupported model parameter type",
        "Parameter '{0}' has type '{1}'; {2}");

    public static readonly DiagnosticDescriptor MissingShape = Error("SG0006",
        "Parameter needs a shape",
        "Parameter '{0}' of type {1} needs [Shape(...)] with {2}");

    public static readonly DiagnosticDescriptor InvalidDimension = Error("SG0007",
        "Invalid dimension",
        "Dimension \"{0}\" of parameter '{1}' must be a C# identifier (its size is given to the constructor) or a positive integer");

    public static readonly DiagnosticDescriptor ShapeMismatch = Error("SG0008",
        "Shape mismatch",
        "{0}");

    public static readonly DiagnosticDescriptor UninferredDimension = Error("SG0009",
        "Input length cannot be inferred",
        "The length of input '{0}' cannot be inferred from the model; declare it with [Shape(\"D\")]");

    public static readonly DiagnosticDescriptor NameClash = Error("SG0010",
        "Name clash in the generated model",
        "'{0}' would name both {1} and {2} in the generated class; rename one of them");

    public static readonly DiagnosticDescriptor UnresolvedExpression = Error("SG0011",
        "Expression could not be resolved",
        "'{0}' could not be resolved, so the model was not generated; fix the compiler errors in it first");

    public static readonly DiagnosticDescriptor NotConstant = Error("SG0012",
        "Argument must be a constant",
        "{0} must be a compile-time constant");

    public static readonly DiagnosticDescriptor UnusedParameter = Warning("SG0013",
        "Parameter does not affect the model",
        "Parameter '{0}' is never used by the model's expression; its gradient is always zero");

    public static readonly DiagnosticDescriptor NotDifferentiable = Error("SG0014",
        "Not differentiable",
        "{0} is not differentiable, so it may not lie between a parameter and the model's score; {1}");

    public static readonly DiagnosticDescriptor InvalidCustomDerivative = Error("SG0015",
        "Invalid custom derivative",
        "{0}");

    public static readonly DiagnosticDescriptor ParameterTooLarge = Error("SG0016",
        "Parameter too large",
        "Parameter '{0}' would have {1} entries, more entries than an array can hold ({2})");

    public static readonly DiagnosticDescriptor PositionalDimensions = Error("SG0020",
        "Model dimensions passed by position",
        "Name the dimensions of '{0}' ({1}) where you construct it, as in {2}: passed by position, two dimensions are easily swapped and the model silently gets the wrong shapes");

    public static readonly DiagnosticDescriptor OutputCompiledTwice = Error("SG0021",
        "SymGrad's output compiled twice",
        "'{0}' is already declared by SymGrad's own output in '{1}', compiled as a source of the project: emitted generated files are in a folder the project compiles; exclude them with <Compile Remove=\"$(CompilerGeneratedFilesOutputPath)/**\" />");

    public static readonly DiagnosticDescriptor LossDoesNotFitModel = Error("SG0022",
        "Loss does not fit the model",
        "{0}");

    public static readonly DiagnosticDescriptor InvalidPrecision = Error("SG0023",
        "Invalid model precision",
        "{0}");

    public static readonly DiagnosticDescriptor InternalError = Error("SG0099",
        "SymGrad internal error",
        "SymGrad could not generate model '{0}' because of an internal error ({1}); please report it with the model's source");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = typeof(DiagnosticCatalogue)
        .GetFields()
        .Select(f => f.GetValue(null))
        .OfType<DiagnosticDescriptor>()
        .ToDictionary(d => d.Id);

    /// <summary>Every descriptor, for tests and for the docs check.</summary>
    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values.OrderBy(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];
}
