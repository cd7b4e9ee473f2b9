using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Parse;

/// <summary>
/// What to write instead, for the mistakes users make most: a diagnostic that only says "not supported"
/// leaves them guessing, so each of these names the construct SymGrad does support.
/// </summary>
internal static class Advice
{
    /// <summary>The list every "not supported" message can fall back to.</summary>
    public static string Supported => "supported are " + OperationTable.SupportedFunctions;

    /// <summary>A System.Math function with no op of its own, rewritten with ops that exist; null when none fits.</summary>
    public static string? ForMath(string name, int arguments) => (name, arguments) switch
    {
        ("Log", 2) => "a logarithm to another base is Log(a) / Math.Log(b), e.g. Log(a) / Math.Log(2)",
        _ => null,
    };

    /// <summary>A statement a model body cannot hold, with the expression that does its job.</summary>
    public static string ForStatement(StatementSyntax statement, string bodyRule) => statement switch
    {
        ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax =>
            bodyRule + "; to add up a term over units, write Sum(v.Length, h => …) (or Sum(W.Rows, h => …)), or a vector expression such as Dot(v, x) or W * x",
        IfStatementSyntax =>
            bodyRule + "; to choose between two values, write a conditional expression, l > r ? a : c",
        _ => bodyRule,
    };

    /// <summary>A method SymGrad has no rule for: the user's own, a namesake of an op (LINQ's Sum), or another.</summary>
    public static (string Name, string Advice) ForCall(IMethodSymbol method)
    {
        string qualified = method.ContainingType is { } type ? type.Name + "." + method.Name : method.Name;
        if (OperationTable.HasSource("Ops." + method.Name))
            return (qualified, $"SymGrad's {method.Name} is Ops.{method.Name} (with 'using static SymGrad.Ops;'), e.g. "
                + (method.Name == "Sum" ? "Sum(v) or Sum(v.Length, h => …)" : $"{method.Name}(…) on Vec, Mat or double values"));
        if (method.Locations.Any(l => l.IsInSource))
            return (method.Name, $"'{method.Name}' is a method of your own, and SymGrad differentiates only what it sees in the model: "
                + $"write its body in the model as locals (var t = …;), or, for a function of one double, give it [Derivative(nameof({method.Name}Derivative))] and write that derivative");
        return (qualified, Supported);
    }

    /// <summary>A name a model cannot read; for a field, how to make it a constant.</summary>
    public static string ForName(ISymbol symbol) => symbol switch
    {
        IFieldSymbol { IsStatic: true, IsReadOnly: true } field =>
            $"'{field.Name}' is a static readonly field, whose value the generator cannot know at compile time; declare it 'const {field.Type.ToDisplayString()} {field.Name} = …;', or make it a parameter to learn it",
        IFieldSymbol field =>
            $"a model reads only its own parameters, its locals and constants; make '{field.Name}' a const, or a parameter to learn it",
        _ => "a model reads only its own parameters, its locals and constants",
    };
}
