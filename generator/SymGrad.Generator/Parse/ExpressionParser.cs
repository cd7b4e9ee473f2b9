using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymGrad.Generator.Common;
using SymGrad.Generator.Diagnostics;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Parse;

/// <summary>Turns a model method's body into graph nodes, resolving names and calls with the semantic model.</summary>
internal sealed partial class ExpressionParser
{
    private const int Failed = -1;

    /// <summary>
    /// How deep a model's expressions may nest (a long chain a + b + c + … counts as one level): the parser recurses
    /// per level, and a compiler thread's stack is small.
    /// </summary>
    public const int MaxNesting = 200;
    private const string BodyRule = "a model body is one expression, or local variable declarations followed by one return";

    private readonly SemanticModel _semantics;
    private readonly AnchorScope _anchors;
    private readonly GraphBuilder _builder;
    private readonly Dictionary<IParameterSymbol, int> _parameters;
    private readonly Dictionary<ILocalSymbol, int> _locals = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _rejected = new(SymbolEqualityComparer.Default);
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellation;
    private readonly Func<string, string?> _localConflict;
    private INamedTypeSymbol? _within;           // the model's type, where the generated class lives
    private int _nesting;
    private bool _tooDeep;

    /// <param name="semantics">The semantic model of the method's syntax tree.</param>
    /// <param name="anchors">Makes the anchors of nodes and diagnostics.</param>
    /// <param name="builder">Receives the nodes.</param>
    /// <param name="parameters">The nodes of the method's parameters.</param>
    /// <param name="diagnostics">Receives what cannot be parsed.</param>
    /// <param name="cancellation">Cancels the parse.</param>
    /// <param name="localConflict">Why a local's name cannot be used in the generated code, or null.</param>
    public ExpressionParser(SemanticModel semantics, AnchorScope anchors, GraphBuilder builder, Dictionary<IParameterSymbol, int> parameters, List<DiagnosticInfo> diagnostics, CancellationToken cancellation, Func<string, string?> localConflict)
    {
        _localConflict = localConflict;
        _semantics = semantics;
        _anchors = anchors;
        _builder = builder;
        _parameters = parameters;
        _diagnostics = diagnostics;
        _cancellation = cancellation;
    }

    /// <summary>Parses the body and returns the node the model returns, or -1 after reporting why not.</summary>
    public int ParseBody(MethodDeclarationSyntax method)
    {
        _within = _semantics.GetDeclaredSymbol(method, _cancellation)?.ContainingType;
        if (method.ExpressionBody is { } arrow) return Parse(arrow.Expression);
        if (method.Body is null)
        {
            Report(DiagnosticCatalogue.UnsupportedSyntax, method.Identifier, "A method without a body", BodyRule);
            return Failed;
        }

        var statements = method.Body.Statements;
        for (int k = 0; k < statements.Count; k++)
        {
            var statement = statements[k];
            bool last = k == statements.Count - 1;
            switch (statement)
            {
                case LocalDeclarationStatementSyntax declaration when !last:
                    foreach (var variable in declaration.Declaration.Variables)
                    {
                        if (variable.Initializer is null)
                        {
                            Report(DiagnosticCatalogue.UnsupportedSyntax, variable, $"'{variable.Identifier.ValueText}' without a value", "every local is declared with its value");
                            continue;
                        }
                        if (_semantics.GetDeclaredSymbol(variable, _cancellation) is ILocalSymbol { IsConst: false } typed && !IsModelValueType(typed.Type))
                        {
                            // C# would compute with it as an int (2 / 3 == 0) or a float; the generated code computes in double.
                            Report(DiagnosticCatalogue.UnsupportedSyntax, variable, $"The {typed.Type.ToDisplayString()} local '{typed.Name}'",
                                $"a model's locals are double, Vec or Mat, or constants; declare it 'double {typed.Name}'");
                            _rejected.Add(typed);
                            continue;
                        }
                        if (_localConflict(variable.Identifier.ValueText) is { } conflict)
                            Report(DiagnosticCatalogue.NameClash, variable.Identifier, variable.Identifier.ValueText, "a local", conflict);
                        int value = Parse(variable.Initializer.Value);
                        if (_semantics.GetDeclaredSymbol(variable) is not ILocalSymbol local) continue;
                        if (value == Failed) { _rejected.Add(local); continue; } // reported once, at its cause
                        _locals[local] = value;
                        _builder.Rename(value, local.Name);
                    }
                    break;
                case ReturnStatementSyntax { Expression: { } returned } when last:
                    return Parse(returned);
                default:
                    Report(DiagnosticCatalogue.UnsupportedSyntax, statement, Describe(statement), Advice.ForStatement(statement, BodyRule));
                    break;
            }
        }
        if (statements.Count == 0 || statements.Last() is not ReturnStatementSyntax)
            Report(DiagnosticCatalogue.UnsupportedSyntax, method.Body.CloseBraceToken, "A body that does not end in 'return'", BodyRule);
        return Failed;
    }

    private static bool IsModelValueType(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_Double || ModelLanguage.RankOf(type) > 0;

    private int Parse(ExpressionSyntax e)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (_nesting >= MaxNesting || !HasStackFor()) return TooDeep(e);
        _nesting++;
        try
        {
            return ParseNested(e);
        }
        finally
        {
            _nesting--;
        }
    }

    /// <summary>A last guard should the thread's stack be smaller than the nesting limit assumes.</summary>
    private static bool HasStackFor()
    {
        try
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            return true;
        }
        catch (InsufficientExecutionStackException)
        {
            return false;
        }
    }

    private int TooDeep(ExpressionSyntax e)
    {
        if (_tooDeep) return Failed; // reported once, at the outermost place it happened
        _tooDeep = true;
        return Unsupported(e, $"a model's expressions may nest at most {MaxNesting} levels deep (a chain a + b + c + … of any length counts as one); split it with locals");
    }

    private int ParseNested(ExpressionSyntax e)
    {
        var constant = _semantics.GetConstantValue(e, _cancellation);
        if (constant.HasValue)
        {
            // Any numeric literal or constant (2u, 2UL, (short)2, 2m), folded by C# itself: its value is what the method computes with.
            if (constant.Value is double or float or decimal or sbyte or byte or short or ushort or int or uint or long or ulong)
                return _builder.Constant(Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture));
            return Unsupported(e, "a model computes with numbers, Vec and Mat values only");
        }

        switch (e)
        {
            case ParenthesizedExpressionSyntax p:
                return Parse(p.Expression);
            case IdentifierNameSyntax id:
                return ParseName(id);
            case BinaryExpressionSyntax b when OperatorName(b.Kind()) is not null:
                return ParseChain(b);
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryPlusExpression):
                return Parse(u.Operand);
            case PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression):
                return ParseOperator(e, "unary -", u.Operand);
            case ConditionalExpressionSyntax conditional:
                return ParseConditional(conditional);
            case InvocationExpressionSyntax call:
                return ParseCall(call);
            case ElementAccessExpressionSyntax access when _index is not null:
                return ParseIndexed(access);
            case ElementAccessExpressionSyntax access:
                return ParseEntry(access);
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } member
                when ModelLanguage.RankOf(_semantics.GetTypeInfo(member.Expression, _cancellation).Type) == 1:
                int vector = Parse(member.Expression);
                return vector == Failed ? Failed : _builder.Add("Length", new[] { vector }, source: Source(member));
            default:
                return Unsupported(e, "a model is built from its parameters, locals and the functions " + OperationTable.SupportedFunctions);
        }
    }

    /// <summary><c>l ∘ r ? a : c</c> becomes one node with arguments (a, c, l, r); its op is the comparison's.</summary>
    private int ParseConditional(ConditionalExpressionSyntax conditional)
    {
        var condition = conditional.Condition;
        while (condition is ParenthesizedExpressionSyntax p) condition = p.Expression;
        if (condition is not BinaryExpressionSyntax comparison || ComparisonName(comparison.Kind()) is not { } op)
            return Unsupported(conditional.Condition, "a conditional's condition is one comparison of two numbers: <, <=, >, >=, == or !=");
        if (_semantics.GetSymbolInfo(comparison, _cancellation).Symbol is not IMethodSymbol { Parameters.Length: 2 } comparer
            || comparer.Parameters[0].Type.SpecialType != SpecialType.System_Double)
            return Unsupported(comparison, "a conditional's condition compares two numbers (double values)");
        if (_semantics.GetTypeInfo(conditional, _cancellation).Type is { TypeKind: not TypeKind.Error } type && !IsModelValueType(type))
            return Unsupported(conditional, $"C# computes this conditional as {type.ToDisplayString()}, the generated code in double; write a branch as a double (3.0, not 3)");
        return Apply(conditional, op, new[] { conditional.WhenTrue, conditional.WhenFalse, comparison.Left, comparison.Right });
    }

    private int ParseName(IdentifierNameSyntax id)
    {
        switch (_semantics.GetSymbolInfo(id, _cancellation).Symbol)
        {
            case IParameterSymbol p when _parameters.TryGetValue(p, out int node):
                return node;
            case IParameterSymbol p when SymbolEqualityComparer.Default.Equals(p, _index):
                return Unsupported(id, $"the index {p.Name} may only index a vector, as in v[{p.Name}], or a matrix row, as in Dot(W[{p.Name}], x)");
            case ILocalSymbol l when _locals.TryGetValue(l, out int node):
                return node;
            case ILocalSymbol l when _rejected.Contains(l):
                return Failed; // already reported where it was declared
            case null:
                Report(DiagnosticCatalogue.UnresolvedExpression, id, id.Identifier.ValueText);
                return Failed;
            case var other:
                return Unsupported(id, Advice.ForName(other));
        }
    }

    private int ParseOperator(ExpressionSyntax e, string sourceName, params ExpressionSyntax[] operands) =>
        Resolves(e) ? Apply(e, sourceName, operands) : Failed;

    private bool Resolves(ExpressionSyntax e)
    {
        if (_semantics.GetSymbolInfo(e, _cancellation).Symbol is not null) return true;
        Report(DiagnosticCatalogue.UnresolvedExpression, e, Shorten(e));
        return false;
    }

    /// <summary>
    /// a + b − c + …: C# parses a chain of binary operators into a left-deep tree as deep as the chain is long. Its
    /// spine is walked in a loop, innermost operator first, so a chain of 10,000 terms costs one level of nesting.
    /// </summary>
    private int ParseChain(BinaryExpressionSyntax top)
    {
        if (!Resolves(top)) return Failed;
        // The semantic model answers a question about a node inside a chain in time proportional to its depth, so the
        // spine's types come from one operation tree instead of a query per operator (which made 10,000 terms quadratic).
        var spine = new List<(BinaryExpressionSyntax Syntax, int[]? Ranks)>();
        var syntax = top;
        var operation = _semantics.GetOperation(top, _cancellation) as IBinaryOperation;
        while (true)
        {
            spine.Add((syntax, operation is null ? null : new[] { RankOf(operation.LeftOperand), RankOf(operation.RightOperand) }));
            var left = operation?.LeftOperand;
            while (left is IConversionOperation { IsImplicit: true } conversion) left = conversion.Operand;
            if (Unparenthesized(syntax.Left) is not BinaryExpressionSyntax next || OperatorName(next.Kind()) is null
                || left is not IBinaryOperation { ConstantValue.HasValue: false, Type.TypeKind: not TypeKind.Error } inner || inner.Syntax != next)
                break;
            syntax = next;
            operation = inner;
        }
        int value = Parse(spine[spine.Count - 1].Syntax.Left);
        for (int k = spine.Count - 1; k >= 0; k--)
        {
            var (b, ranks) = spine[k];
            value = Apply(b, OperatorName(b.Kind())!, new[] { b.Left, b.Right }, parsedFirst: value, ranks: ranks);
        }
        return value;
    }

    /// <summary>The rank of an operand's type as C# wrote it, before any implicit conversion.</summary>
    private static int RankOf(IOperation operand)
    {
        while (operand is IConversionOperation { IsImplicit: true } conversion) operand = conversion.Operand;
        return ModelLanguage.RankOf(operand.Type);
    }

    private static ExpressionSyntax Unparenthesized(ExpressionSyntax e)
    {
        while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
        return e;
    }

    private int ParseCall(InvocationExpressionSyntax call)
    {
        if (_semantics.GetSymbolInfo(call, _cancellation).Symbol is not IMethodSymbol method)
        {
            // Report the argument that does not resolve (a typo inside the call) rather than the whole call.
            int errorsBefore = _diagnostics.Count;
            foreach (var argument in call.ArgumentList.Arguments) Parse(argument.Expression);
            if (_diagnostics.Count == errorsBefore)
                Report(DiagnosticCatalogue.UnresolvedExpression, call, Shorten(call.Expression));
            return Failed;
        }
        string container = method.ContainingType?.ToDisplayString() ?? string.Empty;
        string? sourceName = container == ModelLanguage.Ops ? "Ops." + method.Name
            : container == "System.Math" ? "Math." + method.Name
            : null;
        var arguments = call.ArgumentList.Arguments;
        if (sourceName is null && method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ModelLanguage.DerivativeAttribute) is { } custom)
            return ParseCustomCall(call, method, custom);
        if (sourceName is null)
        {
            var (name, advice) = Advice.ForCall(method);
            Report(DiagnosticCatalogue.UnknownOperation, call.Expression, name, advice);
            return Failed;
        }
        if (arguments.FirstOrDefault(a => !a.RefKindKeyword.IsKind(SyntaxKind.None) || a.NameColon is not null) is { } named)
            return Unsupported(named, "write the arguments of a model's functions in order, without names, ref or out");
        if (sourceName == "Ops.Sum" && arguments.Count == 2) return ParseIndexSum(call, arguments[0].Expression, arguments[1].Expression);
        if (_index is not null && arguments.Count == 2 && RowArgument(arguments) is { } row
            && OperationTable.FindBySource(sourceName, new[] { 1, 1 })?.RowForm is { Length: > 0 } rowForm)
            return ParseRowCall(call, rowForm, arguments[row].Expression, arguments[1 - row].Expression);
        return Apply(call, sourceName, arguments.Select(a => a.Expression).ToArray(), call.Expression);
    }

    /// <summary>Finds the table entry for a source operator or function and adds its node.</summary>
    /// <param name="e">The expression.</param>
    /// <param name="sourceName">The operator or function, as the table knows it.</param>
    /// <param name="operands">Its operands.</param>
    /// <param name="nameSyntax">Where an unknown function is reported.</param>
    /// <param name="parsedFirst">The first operand's node when the caller has parsed it already (a chain's left operand).</param>
    /// <param name="ranks">The operands' ranks when the caller knows them already.</param>
    private int Apply(ExpressionSyntax e, string sourceName, ExpressionSyntax[] operands, ExpressionSyntax? nameSyntax = null, int? parsedFirst = null, int[]? ranks = null)
    {
        ranks ??= operands.Select(o => ModelLanguage.RankOf(_semantics.GetTypeInfo(o, _cancellation).Type)).ToArray();
        var op = OperationTable.FindBySource(sourceName, ranks);
        string? rewrite = sourceName.StartsWith("Math.", StringComparison.Ordinal) ? Advice.ForMath(sourceName.Substring(5), operands.Length) : null;
        if ((op is null || op.Arity + (op.ConstantArgument >= 0 ? 1 : 0) != operands.Length) && OperationTable.HasSource(sourceName))
            return Unsupported(e, rewrite ?? $"this form of {sourceName.Substring(sourceName.IndexOf('.') + 1)} (these arguments) is not; {Advice.Supported}");
        if (op is null || op.Arity + (op.ConstantArgument >= 0 ? 1 : 0) != operands.Length)
        {
            Report(DiagnosticCatalogue.UnknownOperation, nameSyntax ?? e, sourceName.Replace("Ops.", string.Empty), rewrite ?? Advice.Supported);
            return Failed;
        }

        double value = 0;
        var args = new List<int>();
        for (int k = 0; k < operands.Length; k++)
        {
            if (k == op.ConstantArgument)
            {
                var constant = _semantics.GetConstantValue(operands[k], _cancellation);
                if (!constant.HasValue || constant.Value is string or bool or char or null)
                {
                    Report(DiagnosticCatalogue.NotConstant, operands[k], $"Argument '{operands[k]}' of {op.Name}");
                    return Failed;
                }
                value = Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture);
                continue;
            }
            args.Add(k == 0 && parsedFirst is { } first ? first : Parse(operands[k]));
        }
        if (args.Contains(Failed)) return Failed;
        return Varying(_builder.Add(op.Name, args.ToArray(), value: value, source: Source(e)), args);
    }

    /// <summary>
    /// <c>x[2]</c>, an entry at a constant index, or <c>s[y]</c> in a class loss, the score of the target class: one
    /// scalar read from a whole vector.
    /// </summary>
    private int ParseEntry(ElementAccessExpressionSyntax access)
    {
        const string Rule = "a vector's entry is read at a constant index, as in x[0], or in a class loss at its label, as in s[y]";
        if (access.ArgumentList.Arguments.Count != 1 || ModelLanguage.RankOf(_semantics.GetTypeInfo(access.Expression, _cancellation).Type) != 1)
            return Unsupported(access, Rule + (_index is null ? string.Empty : $"; inside an index sum, also at its index {_index.Name}"));
        var index = access.ArgumentList.Arguments[0].Expression;
        var source = Source(access);
        var constant = _semantics.GetConstantValue(index, _cancellation);
        if (constant.HasValue)
        {
            if (constant.Value is not (int or long or short or byte) || Convert.ToInt64(constant.Value, CultureInfo.InvariantCulture) is < 0 or > int.MaxValue)
                return Unsupported(index, "an index is a non-negative whole number");
            int vector = Parse(access.Expression);
            return vector == Failed ? Failed : _builder.Add("Entry", new[] { vector }, value: Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture), source: source);
        }
        // Only a loss's label parameter: the model's input is a Vec, and a computed index would not be differentiable.
        if (_semantics.GetSymbolInfo(index, _cancellation).Symbol is not IParameterSymbol p || !_parameters.TryGetValue(p, out int label)
            || _builder[label].Op != OperationTable.Input || !_builder[label].Shape.IsScalar)
            return Unsupported(index, Rule);
        int scores = Parse(access.Expression);
        return scores == Failed ? Failed : _builder.Add("EntryAt", new[] { scores, label }, source: source);
    }

    private static string? OperatorName(SyntaxKind kind) => kind switch
    {
        SyntaxKind.AddExpression => "operator +",
        SyntaxKind.SubtractExpression => "operator -",
        SyntaxKind.MultiplyExpression => "operator *",
        SyntaxKind.DivideExpression => "operator /",
        _ => null,
    };

    private static string? ComparisonName(SyntaxKind kind) => kind switch
    {
        SyntaxKind.GreaterThanExpression => "operator >",
        SyntaxKind.GreaterThanOrEqualExpression => "operator >=",
        SyntaxKind.LessThanExpression => "operator <",
        SyntaxKind.LessThanOrEqualExpression => "operator <=",
        SyntaxKind.EqualsExpression => "operator ==",
        SyntaxKind.NotEqualsExpression => "operator !=",
        _ => null,
    };

    private int Unsupported(SyntaxNode node, string rule)
    {
        Report(DiagnosticCatalogue.UnsupportedSyntax, node, Describe(node), rule);
        return Failed;
    }

    /// <summary>"A for statement", "A conditional expression 'a ? b : c'": how a diagnostic names a construct.</summary>
    private static string Describe(SyntaxNode node)
    {
        string kind = Regex.Replace(node.Kind().ToString().Replace("ForEach", "Foreach"), "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
        string text = Shorten(node, 40);
        string article = "aeiou".IndexOf(kind[0]) >= 0 ? "An" : "A";
        return node is StatementSyntax ? $"{article} {kind}" : $"{article} {kind} '{text}'";
    }

    /// <summary>Where a node came from, its text shortened: a chain's every prefix would otherwise copy the whole chain.</summary>
    private SourceInfo Source(SyntaxNode node) => new(Shorten(node), _anchors.At(node));

    /// <summary>The node's source text, cut to <paramref name="max"/> characters ("..." at the end) without reading the rest.</summary>
    private static string Shorten(SyntaxNode node, int max = 80)
    {
        string text = ExpressionText.Of(node, stopAfter: max); // without comments, so editing one does not change what the pipeline caches
        return text.Length <= max ? text : text.Substring(0, max - 3) + "...";
    }

    private void Report(DiagnosticDescriptor descriptor, SyntaxNodeOrToken at, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, _anchors.At(at), arguments));
}
