using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymGrad.Generator.Common;
using SymGrad.Generator.Diagnostics;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Parse;

/// <summary>User functions with a [Derivative]: checked signatures, a node that calls the function and, backwards, its derivative.</summary>
internal sealed partial class ExpressionParser
{
    /// <summary>A call of a user function with a [Derivative]: a node that calls it forwards and its derivative backwards.</summary>
    private int ParseCustomCall(InvocationExpressionSyntax call, IMethodSymbol function, AttributeData attribute)
    {
        static bool IsScalarFunction(IMethodSymbol m, int arity) =>
            m.IsStatic && m.MethodKind == MethodKind.Ordinary && !m.IsGenericMethod && m.ReturnType.SpecialType == SpecialType.System_Double && m.Parameters.Length == arity
            && m.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Double && p.RefKind == RefKind.None);

        if (!IsScalarFunction(function, 1))
        {
            Report(DiagnosticCatalogue.InvalidCustomDerivative, call.Expression,
                $"'{function.Name}' has [Derivative], so it must be declared 'static double {function.Name}(double a)'");
            return Failed;
        }
        string name = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
        var derivative = function.ContainingType.GetMembers(name).OfType<IMethodSymbol>()
            .FirstOrDefault(m => IsScalarFunction(m, 1) || IsScalarFunction(m, 2));
        if (derivative is null)
        {
            // At the attribute when it is in this file (an anchor cannot reach another file), else at the call.
            SyntaxNode where = attribute.ApplicationSyntaxReference is { } r && r.SyntaxTree == call.SyntaxTree ? r.GetSyntax(_cancellation) : call.Expression;
            Report(DiagnosticCatalogue.InvalidCustomDerivative, where, name.Length == 0
                ? $"The [Derivative] of '{function.Name}' must name its derivative method, e.g. [Derivative(nameof({function.Name}Derivative))]"
                : $"The derivative '{name}' of '{function.Name}' must be a method of {function.ContainingType.Name} declared 'static double {name}(double a)' or 'static double {name}(double a, double value)'");
            return Failed;
        }
        if ((Unreachable(function) ?? Unreachable(derivative)) is { } why)
        {
            // At the attribute when it is in this file (an anchor cannot reach another file), else at the call.
            SyntaxNode where = attribute.ApplicationSyntaxReference is { } r && r.SyntaxTree == call.SyntaxTree ? r.GetSyntax(_cancellation) : call.Expression;
            Report(DiagnosticCatalogue.InvalidCustomDerivative, where, $"The derivative '{name}' of '{function.Name}' {why}");
            return Failed;
        }
        int argument = Parse(call.ArgumentList.Arguments[0].Expression);
        if (argument == Failed) return Failed;
        string Qualified(IMethodSymbol m) => m.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + Identifiers.Escape(m.Name);
        int node = _builder.Add("Custom", new[] { argument }, source: Source(call),
            callee: CustomCall.Encode(Qualified(function), Qualified(derivative), derivative.Parameters.Length));
        return Varying(node, new[] { argument });
    }

    /// <summary>
    /// Why the generated class, nested in the model's type and in a file of its own, cannot call a method the model's
    /// method can (found by fuzzing: a private derivative in another class gave CS0122), or null.
    /// </summary>
    private string? Unreachable(IMethodSymbol method)
    {
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            if (type.IsFileLocal)
                return $"is in a file-local type ('{type.Name}'), which the generated code, in a file of its own, cannot see";
        if (_within is not null && !_semantics.Compilation.IsSymbolAccessibleWithin(method, _within))
            return $"is not accessible from {_within.Name}, where the generated code calls it: '{method.Name}' is {Accessibility(method)} in {method.ContainingType.Name}; make it internal or public";
        return null;
    }

    private static string Accessibility(ISymbol symbol) => symbol.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "not accessible",
    };
}
