using System.Collections.Generic;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Shapes;

/// <summary>Union–find over dimensions: variables bind to names, sizes or other variables; names and sizes never change.</summary>
internal sealed class DimUnifier : IDimUnifier
{
    private readonly Dictionary<int, Dim> _bindings = new();

    public Dim Resolve(Dim d)
    {
        while (d.Kind == DimKind.Variable && _bindings.TryGetValue(d.Value, out var bound)) d = bound;
        return d;
    }

    public bool Unify(Dim a, Dim b)
    {
        a = Resolve(a);
        b = Resolve(b);
        if (a == b) return true;
        if (a.Kind == DimKind.Variable) { _bindings[a.Value] = b; return true; }
        if (b.Kind == DimKind.Variable) { _bindings[b.Value] = a; return true; }
        return false;
    }

    public Shape Resolve(Shape s) => new(s.Rank, s.Rank >= 1 ? Resolve(s.Rows) : default, s.Rank == 2 ? Resolve(s.Columns) : default);
}
