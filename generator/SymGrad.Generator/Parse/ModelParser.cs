using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymGrad.Generator.Common;
using SymGrad.Generator.Diagnostics;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Parse;

/// <summary>
/// Parse stage: a [Model] method's declaration → <see cref="ModelHeader"/> and its body → a forward graph.
/// Everything it cannot accept becomes a diagnostic at the offending syntax.
/// </summary>
internal static class ModelParser
{
    // Members every generated model class declares besides the views and sizes it names after the user's parameters and
    // dimensions, and those it inherits from object (a member of that name would hide one: CS0108).
    private static readonly HashSet<string> s_members = new(System.StringComparer.Ordinal)
    {
        "Name", "FullName", "InputLength", "ParameterCount", "Parameters", "Blocks", "Forward", "Gradient", "Initialize",
        "Predict", "Clone", "ForwardGraph", "ComputationGraph", "DefaultSchemes", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone",
        "ReferenceEquals", "Finalize", "OutputLength", "InputGradient", "ForwardBatch", "GradientBatch",
        "GradientFactored", "GradientBatchFactored", "FactoredBlocks", "FactorLength",
    };

    // Names Forward, Gradient and Predict declare or read besides the user's; the user's parameters, dimensions and
    // locals are declared in the same methods.
    private static readonly HashSet<string> s_methodNames = new(System.StringComparer.Ordinal)
    {
        "y", "gradient", "loss", "i", "TLoss", "InputLength", "Forward",
        "scores", "seed", "OutputLength", // a vector model's Forward and Predict, and InputGradient's seed
    };

    // The private fields, by exact name or family prefix (ModelEmitter's DimField and OffsetField).
    private static readonly string[] s_fields = { "_theta", "_thetaStart", "_parameterCount", "_blocks", "_factored", "_factorLength", "_forwardGraph" };
    private static readonly string[] s_fieldPrefixes = { "_dim_", "_offset_" };

    /// <summary>What a user's name becomes in the generated code.</summary>
    public enum NameRole
    {
        /// <summary>The input: a parameter of Forward, Predict and Gradient.</summary>
        Input,
        /// <summary>A learnable parameter: a property (its view) and a local of Forward and Gradient.</summary>
        Parameter,
        /// <summary>A dimension: a property, a constructor parameter and a local of Forward and Gradient.</summary>
        Dimension,
        /// <summary>A local of the model method: a local of Forward and Gradient.</summary>
        Local,
    }

    /// <summary>
    /// Why a user's name cannot be used in the generated class, or null when it can. Only names that really collide
    /// are refused: C# keywords (contextual keywords such as var, value or from are fine), the class's members, the
    /// names its methods use and its private fields (docs/diagnostics.md#sg0010 lists them).
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="isLoss">The name is in a [Loss] method, whose generated struct only declares the local 'derivative'.</param>
    /// <param name="role">What the name becomes.</param>
    /// <param name="className">The generated class's name: a member may not be named like its type (CS0542).</param>
    public static string? Conflict(string name, bool isLoss, NameRole role, string className)
    {
        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None) return "a C# keyword";
        if (isLoss) return name is LossDerivativeLocal or "seed" ? "a member or local of the generated class" : null;
        if (System.Array.IndexOf(s_fields, name) >= 0 || s_fieldPrefixes.Any(p => name.StartsWith(p, System.StringComparison.Ordinal)))
            return "a private field of the generated class";
        bool member = role is NameRole.Parameter or NameRole.Dimension;
        if (s_methodNames.Contains(name) || member && s_members.Contains(name) || role == NameRole.Dimension && s_constructorNames.Contains(name))
            return "a member or local of the generated class";
        return member && name == className ? "the generated class itself" : null;
    }

    /// <summary>Array.MaxLength, which netstandard2.0 does not have.</summary>
    private const long MaxArrayLength = 0x7FFFFFC7;

    // The constructor's own parameter and local besides the dimensions: the seed, and the sum of θ's size.
    private static readonly HashSet<string> s_constructorNames = new(System.StringComparer.Ordinal) { "seed", "size" };

    /// <param name="method">The marked method's declaration.</param>
    /// <param name="symbol">Its symbol.</param>
    /// <param name="semantics">The semantic model of its syntax tree.</param>
    /// <param name="anchors">Makes the anchors of the method's diagnostics and nodes.</param>
    /// <param name="isLoss">Parse a [Loss] method L(g, y): g is what is differentiated, y a constant input.</param>
    /// <param name="cancellation">Cancels the parse when the compilation changes.</param>
    public static ModelDefinition Parse(MethodDeclarationSyntax method, IMethodSymbol symbol, SemanticModel semantics, AnchorScope anchors, bool isLoss, CancellationToken cancellation)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (HasSyntaxErrors(method) || method.Ancestors().Any(ContainerHasSyntaxErrors))
        {
            // Half-typed code, in the method or in a declaration around it: the compiler's syntax errors say what is wrong;
            // generating from a guess would only add errors of its own.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.UnresolvedExpression, anchors.At(method.Identifier), symbol.Name));
            return new ModelDefinition(null, null, -1, diagnostics.ToEquatableArray());
        }
        var header = ParseHeader(method, symbol, anchors, isLoss, diagnostics);
        if (header is null) return new ModelDefinition(null, null, -1, diagnostics.ToEquatableArray());

        var builder = new GraphBuilder();
        var parameterNodes = new Dictionary<IParameterSymbol, int>(SymbolEqualityComparer.Default);
        var parameters = new List<ModelParameter>();
        var dims = new HashSet<string>(System.StringComparer.Ordinal);
        for (int k = 0; k < symbol.Parameters.Length; k++)
        {
            var p = symbol.Parameters[k];
            var syntax = method.ParameterList.Parameters[k];
            bool isInput = isLoss ? k == 1 : k == 0;
            var shape = isLoss ? LossParameterShape(p, syntax, anchors, isInput, ModelLanguage.RankOf(symbol.Parameters[0].Type) == 1, diagnostics) : ParameterShape(p, syntax, anchors, isInput, diagnostics);
            if (shape is null) continue;
            foreach (var d in new[] { shape.Value.Rows, shape.Value.Columns }.Where(d => d.Kind == DimKind.Named)) dims.Add(d.Name);
            int node = builder.Add(isInput ? OperationTable.Input : OperationTable.Param, System.Array.Empty<int>(), shape.Value,
                name: p.Name, source: new SourceInfo(p.Name, anchors.At(syntax.Identifier)));
            parameterNodes[p] = node;
            parameters.Add(new ModelParameter(p.Name, isInput, node));
            if (Conflict(p.Name, isLoss, isInput ? NameRole.Input : NameRole.Parameter, header.ClassName) is { } conflict)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.NameClash, anchors.At(syntax.Identifier), p.Name, "a parameter", conflict));
        }
        foreach (var p in method.ParameterList.Parameters.Where(p => dims.Contains(p.Identifier.ValueText)))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.NameClash, anchors.At(p.Identifier), p.Identifier.ValueText, "a parameter", "a dimension"));
        foreach (var d in dims.OrderBy(d => d, System.StringComparer.Ordinal))
            if (Conflict(d, isLoss, NameRole.Dimension, header.ClassName) is { } conflict)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.NameClash, anchors.At(method.Identifier), d, "a dimension", conflict));

        header = header with { Parameters = parameters.ToEquatableArray() };
        if (diagnostics.HasErrors()) return new ModelDefinition(header, null, -1, diagnostics.ToEquatableArray());

        var body = new ExpressionParser(semantics, anchors, builder, parameterNodes, diagnostics, cancellation,
            local => dims.Contains(local) ? "a dimension" : Conflict(local, isLoss, NameRole.Local, header.ClassName));
        int output = body.ParseBody(method);
        var graph = output >= 0 && !diagnostics.HasErrors() ? builder.ToGraph() : null;
        return new ModelDefinition(header, graph, output, diagnostics.ToEquatableArray());
    }

    /// <summary>A type SymGrad generated, found among the project's own sources: its output, written to disk and compiled again.</summary>
    private static bool IsSymGradOutput(ISymbol member) => member.GetAttributes().Any(a =>
        a.AttributeClass?.Name == "GeneratedCodeAttribute" && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value as string == "SymGrad.Generator");

    private static bool HasSyntaxErrors(SyntaxNode node) =>
        node.ContainsDiagnostics && node.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// Whether a namespace or type declaration around the model is itself broken (a name, base list or brace), as
    /// opposed to one of its other members, which does not change what is generated.
    /// </summary>
    private static bool ContainerHasSyntaxErrors(SyntaxNode container)
    {
        if (container is not (BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax)) return false;
        foreach (var child in container.ChildNodesAndTokens())
        {
            if (child.IsNode && child.AsNode() is MemberDeclarationSyntax) continue;
            if (child.ContainsDiagnostics && child.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) return true;
        }
        return false;
    }

    /// <summary>The local a generated loss's Derivative sums into.</summary>
    public const string LossDerivativeLocal = "derivative";

    /// <summary>The length of a class loss's score vector inside its generated methods (the lecture's K classes).</summary>
    public const string ClassCount = "K";

    /// <summary>
    /// A [Loss] takes a score and a target: (double g, double y) for a scalar model, (Vec s, int y) for a vector model's K
    /// scores against a class label. The score vector's length is K, a local of the generated methods.
    /// </summary>
    private static Shape? LossParameterShape(IParameterSymbol p, ParameterSyntax syntax, AnchorScope anchors, bool isTarget, bool vectorScore, List<DiagnosticInfo> diagnostics)
    {
        if (!isTarget && p.Type.SpecialType == SpecialType.System_Double) return Shape.Scalar;
        if (!isTarget && ModelLanguage.RankOf(p.Type) == 1) return Shape.Vector(Dim.Named(ClassCount));
        if (isTarget && p.Type.SpecialType == (vectorScore ? SpecialType.System_Int32 : SpecialType.System_Double)) return Shape.Scalar;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.UnsupportedParameterType, anchors.At(syntax.Type ?? (SyntaxNode)syntax),
            p.Name, p.Type.ToDisplayString(), LossSignatures));
        return null;
    }

    private const string LossSignatures = "a [Loss] takes a score and a target: (double g, double y) for a scalar model, (Vec s, int y) for a vector model's scores and a class label";

    private static ModelHeader? ParseHeader(MethodDeclarationSyntax method, IMethodSymbol symbol, AnchorScope anchors, bool isLoss, List<DiagnosticInfo> diagnostics)
    {
        var at = anchors.At(method.Identifier);
        void Invalid(string why) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.InvalidSignature, at, isLoss ? "[Loss]" : "[Model]", symbol.Name, why));

        if (!symbol.IsStatic) Invalid("must be static");
        if (isLoss && symbol.ReturnType.SpecialType != SpecialType.System_Double) Invalid("must return double (the loss L)");
        if (!isLoss && symbol.ReturnType.SpecialType != SpecialType.System_Double && ModelLanguage.RankOf(symbol.ReturnType) != 1)
            Invalid($"must return double (the model's score f(x)) or Vec (K scores, one per class or output), not {symbol.ReturnType.ToDisplayString()}");
        if (symbol.IsGenericMethod) Invalid("must not be generic");
        if (symbol.IsAsync) Invalid("must not be async");
        if (isLoss && symbol.Parameters.Length != 2) Invalid("takes a score and a target: (double g, double y), or (Vec s, int y) for a vector model");
        if (!isLoss && symbol.Parameters.Length == 0) Invalid("needs an input parameter (a Vec) followed by its learnable parameters");
        foreach (var (p, syntax) in symbol.Parameters.Zip(method.ParameterList.Parameters, (p, s) => (p, s)))
            if (p.RefKind != RefKind.None || p.IsParams)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.UnsupportedSyntax, anchors.At(syntax), $"Parameter '{p.Name}' with a modifier", "model parameters are plain Vec, Mat or double values"));

        if (method.ExplicitInterfaceSpecifier is not null)
            Invalid("must not be an explicit interface implementation (the generated class is named after the method); implement the interface member by calling a [Model] method");
        var containing = new List<string>();
        foreach (var type in method.Ancestors().OfType<TypeDeclarationSyntax>().Reverse())
        {
            string name = type.Identifier.ValueText;
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.TypeNotPartial, anchors.At(type.Identifier), name, symbol.Name));
            if (type.TypeParameterList is not null)
                Invalid($"must not be declared inside the generic type '{name}'");
            if (type.Modifiers.Any(SyntaxKind.FileKeyword))
                Invalid($"must not be declared inside the file-local type '{name}': the generated class is in a file of its own, which cannot see it");
            if (type is not (ClassDeclarationSyntax or StructDeclarationSyntax or InterfaceDeclarationSyntax or RecordDeclarationSyntax))
                Invalid($"must be declared inside a class, struct, record or interface, not '{type.Keyword.ValueText} {name}'");
            string keyword = type is RecordDeclarationSyntax record && !record.ClassOrStructKeyword.IsKind(SyntaxKind.None)
                ? $"record {record.ClassOrStructKeyword.ValueText}"
                : type.Keyword.ValueText;
            // Every part of a ref struct says so.
            string modifiers = type.Modifiers.Any(SyntaxKind.RefKeyword) ? "ref partial" : "partial";
            containing.Add($"{modifiers} {keyword} {Identifiers.Escape(name)}");
        }
        if (containing.Count == 0) Invalid("must be declared inside a type");

        int precision = isLoss ? ElementType.Float64.Flag : Precision(symbol, anchors, diagnostics);
        // The generated class must be the only member of that name: no overload of the method, no existing member.
        string generated = symbol.Name + (isLoss ? "Loss" : "Model");
        foreach (var element in ElementType.Of(precision).Where(t => t.ClassSuffix.Length > 0))
            if (symbol.ContainingType.GetMembers(generated + element.ClassSuffix).Any(m => !IsSymGradOutput(m)))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.NameClash, at, generated + element.ClassSuffix, "the class SymGrad generates", "a member the type already declares"));
        static bool IsMarked(ISymbol m) => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is ModelLanguage.ModelAttribute or ModelLanguage.LossAttribute);
        if (symbol.ContainingType.GetMembers(symbol.Name).Count(IsMarked) > 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.NameClash, at, generated, "the class generated for this overload", "the class generated for another overload"));
        var existing = symbol.ContainingType.GetMembers(generated);
        if (existing.Any(IsSymGradOutput))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.OutputCompiledTwice, at, generated,
                existing.First(IsSymGradOutput).Locations.FirstOrDefault()?.SourceTree?.FilePath ?? "a source file"));
        else if (existing.Any())
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.NameClash, at, generated, "the class SymGrad generates", "a member the type already declares"));
        if (diagnostics.HasErrors()) return null;

        var namespaces = new List<string>();
        for (var n = symbol.ContainingNamespace; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace) namespaces.Insert(0, n.Name);
        var names = namespaces.Concat(method.Ancestors().OfType<TypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.ValueText)).Append(symbol.Name);
        string ns = string.Join(".", namespaces.Select(Identifiers.Escape));
        return new ModelHeader(ns, containing.ToEquatableArray(), symbol.Name, EquatableArray<ModelParameter>.Empty, string.Join(".", names), isLoss) { Precision = precision };
    }

    /// <summary>
    /// The element types of [Model(Precision = …)] as SymGrad.Precision flags (Float64 when not set); a value that names no
    /// element type is SG0023 at the argument.
    /// </summary>
    private static int Precision(IMethodSymbol symbol, AnchorScope anchors, List<DiagnosticInfo> diagnostics)
    {
        var attribute = symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ModelLanguage.ModelAttribute);
        var argument = attribute?.NamedArguments.FirstOrDefault(a => a.Key == ModelLanguage.PrecisionProperty);
        if (argument?.Value.Value is not int precision) return ElementType.Float64.Flag;
        var syntax = attribute!.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
        var at = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == ModelLanguage.PrecisionProperty) is { } node
            ? anchors.At(node) : anchors.At(symbol.DeclaringSyntaxReferences[0].GetSyntax());
        string text = precision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (precision == 0 || (precision & ~ElementType.Defined) != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.InvalidPrecision, at,
                $"Precision = {text} names no element type: use Precision.Float64, Precision.Float32 or Precision.Float64 | Precision.Float32"));
            return ElementType.Float64.Flag;
        }
        return precision;
    }

    /// <summary>The declared shape of a parameter; the input's length may be left to inference.</summary>
    private static Shape? ParameterShape(IParameterSymbol p, ParameterSyntax syntax, AnchorScope anchors, bool isInput, List<DiagnosticInfo> diagnostics)
    {
        int rank = ModelLanguage.RankOf(p.Type);
        var typeSpan = anchors.At(syntax.Type ?? (SyntaxNode)syntax);
        if (isInput && rank != 1 || rank < 0 || (rank == 0 && p.Type.SpecialType != SpecialType.System_Double))
        {
            string expected = isInput ? "the input (the first parameter) must be a Vec" : "learnable parameters must be Vec, Mat or double";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.UnsupportedParameterType, typeSpan, p.Name, p.Type.ToDisplayString(), expected));
            return null;
        }
        if (rank == 0) return Shape.Scalar;

        var attribute = p.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ModelLanguage.ShapeAttribute);
        var values = attribute is null ? null : ShapeValues(attribute);
        var attributeSpan = attribute?.ApplicationSyntaxReference is { } r ? anchors.At(r.GetSyntax()) : typeSpan;
        if (values is null || values.Length != rank)
        {
            if (isInput && values is null) return Shape.Vector(Dim.Variable(0));
            string what = rank == 1 ? "one dimension, e.g. [Shape(\"H\")]" : "two dimensions (rows, columns), e.g. [Shape(\"H\", \"D\")]";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.MissingShape, values is null ? typeSpan : attributeSpan, p.Name, rank == 1 ? "Vec" : "Mat", what));
            return null;
        }
        var parsed = new Dim[rank];
        for (int k = 0; k < rank; k++)
        {
            string text = values[k] ?? string.Empty;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size) && size > 0)
                parsed[k] = Dim.Constant(size);
            else if (SyntaxFacts.IsValidIdentifier(text) && SyntaxFacts.GetKeywordKind(text) == SyntaxKind.None)
                parsed[k] = Dim.Named(text);
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.InvalidDimension, attributeSpan, text, p.Name));
                return null;
            }
        }
        // Literal sizes are multiplied in int arithmetic by the generated code, and θ is one array.
        if (parsed.All(d => d.Kind == DimKind.Constant) && parsed.Aggregate(1L, (n, d) => n * d.Value) is var entries && entries > MaxArrayLength)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.ParameterTooLarge, attributeSpan, p.Name,
                entries.ToString(System.Globalization.CultureInfo.InvariantCulture), MaxArrayLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return null;
        }
        return rank == 1 ? Shape.Vector(parsed[0]) : Shape.Matrix(parsed[0], parsed[1]);
    }

    private static string?[]? ShapeValues(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 1) return null;
        var arg = attribute.ConstructorArguments[0];
        return arg.Kind == TypedConstantKind.Array && !arg.IsNull ? arg.Values.Select(v => v.Value as string).ToArray() : null;
    }
}
