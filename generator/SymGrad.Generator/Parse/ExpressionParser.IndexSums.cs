using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymGrad.Generator.Model;

namespace SymGrad.Generator.Parse;

/// <summary>Index-sum notation, Sum(v.Length, h =&gt; …): lowered to the graph the vector notation builds.</summary>
internal sealed partial class ExpressionParser
{
    // Inside Sum(n, h => …): the lambda's parameter, the node whose length (or rows) h runs over, and the nodes that
    // vary with h (entry h of a vector node).
    private IParameterSymbol? _index;
    private int _indexRange = Failed;
    private readonly HashSet<int> _varying = new();

    /// <summary>Marks a node as varying with the index when any of its arguments does.</summary>
    private int Varying(int node, IEnumerable<int> args)
    {
        if (args.Any(_varying.Contains)) _varying.Add(node);
        return node;
    }

    /// <summary>
    /// Index-sum notation <c>Sum(v.Length, h => term)</c> or <c>Sum(W.Rows, h => term)</c>: the term is parsed
    /// with h standing for "entry h", which makes it a vector over h's range, and the sum adds its entries.
    /// Both notations therefore build the same graph.
    /// </summary>
    private int ParseIndexSum(InvocationExpressionSyntax call, ExpressionSyntax count, ExpressionSyntax term)
    {
        const string Rule = "index-sum notation is Sum(v.Length, h => …) or Sum(W.Rows, h => …) with an expression-bodied lambda, not nested";
        if (_index is not null || term is not SimpleLambdaExpressionSyntax { ExpressionBody: { } body } lambda)
            return Unsupported(call, Rule);
        int range = count is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" or "Rows" } member
            && member.Expression is IdentifierNameSyntax owner ? ParseName(owner) : Failed;
        if (range == Failed) return Unsupported(count, Rule);
        if (_semantics.GetDeclaredSymbol(lambda.Parameter, _cancellation) is not IParameterSymbol index) return Unsupported(term, Rule);

        _index = index;
        _indexRange = range;
        int summand = Parse(body);
        _index = null;
        if (summand == Failed) return Failed;
        if (!_varying.Contains(summand)) return Unsupported(body, $"the term of an index sum must depend on its index {index.Name}");
        return _builder.Add("Sum", new[] { summand }, source: Source(call));
    }

    /// <summary><c>v[h]</c>: entry h of a vector, as the vector itself running over h.</summary>
    private int ParseIndexed(ElementAccessExpressionSyntax access)
    {
        if (!IsIndex(access)) return ParseEntry(access);
        if (ModelLanguage.RankOf(_semantics.GetTypeInfo(access.Expression, _cancellation).Type) != 1)
            return Unsupported(access, $"a matrix row {access} may be used only as Dot({access}, x) or SqDist({access}, x)");
        int vector = Parse(access.Expression);
        if (vector == Failed) return Failed;
        int entry = _builder.Add("IndexedBy", new[] { vector, _indexRange }, source: Source(access));
        _varying.Add(entry);
        return entry;
    }

    /// <summary><c>Dot(W[h], x)</c> and <c>SqDist(W[h], x)</c>: entry h of W·x or of the row-wise distances.</summary>
    private int ParseRowCall(InvocationExpressionSyntax call, string op, ExpressionSyntax row, ExpressionSyntax other)
    {
        int matrix = Parse(((ElementAccessExpressionSyntax)row).Expression);
        int vector = Parse(other);
        if (matrix == Failed || vector == Failed) return Failed;
        if (_varying.Contains(vector)) return Unsupported(other, $"the other argument of {call.Expression} with a matrix row must not depend on the index");
        var source = Source(call);
        int rows = _builder.Add(op, new[] { matrix, vector }, source: source);
        int entry = _builder.Add("IndexedBy", new[] { rows, _indexRange }, source: source);
        _varying.Add(entry);
        return entry;
    }

    /// <summary>Which of two call arguments is a matrix row <c>W[h]</c>, if one is.</summary>
    private int? RowArgument(SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        for (int k = 0; k < 2; k++)
            if (arguments[k].Expression is ElementAccessExpressionSyntax access && IsIndex(access)
                && ModelLanguage.RankOf(_semantics.GetTypeInfo(access.Expression, _cancellation).Type) == 2)
                return k;
        return null;
    }

    private bool IsIndex(ElementAccessExpressionSyntax access) =>
        access.ArgumentList.Arguments.Count == 1
        && access.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax name
        && SymbolEqualityComparer.Default.Equals(_semantics.GetSymbolInfo(name, _cancellation).Symbol, _index);
}
