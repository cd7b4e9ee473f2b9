using SymGrad.Generator.Operations;
using static SymGrad.Generator.Common.Namespaces;

namespace SymGrad.Generator.Emit;

/// <summary>
/// The code both emitters write around ops' lane forms (<see cref="Operation.LaneForm"/>): the local holding
/// <c>Vector&lt;T&gt;.Count</c>, and the runtime's loads, stores and spreads of lanes i … i + Count − 1.
/// </summary>
internal static class LaneForms
{
    private const string Lanes = $"{Runtime}.Lanes";

    /// <summary>Declares the lane count where a method's first lane loop starts; returns its name.</summary>
    public static string DeclareCount(SourceWriter w, NodeNames names)
    {
        string count = names.Local("lanes");
        w.Line($"int {count} = {names.Element.Lanes}.Count; // SIMD: lane loops take this many entries at a time, their tails the rest");
        return count;
    }

    /// <summary>Entries index … index + Count − 1 of a span.</summary>
    public static string Load(string span, string index) => $"{Lanes}.Load({span}, {index})";

    /// <summary>Writes a vector of lanes into a span at index.</summary>
    public static string Store(string span, string index, string value) => $"{Lanes}.Store({span}, {index}, {value})";

    /// <summary>A scalar or a constant in every lane.</summary>
    public static string Spread(string scalar) => $"{Lanes}.Of({scalar})";

    /// <summary>The precedence of an op's lane form: its operator's, or a call's (an atom).</summary>
    public static int Precedence(Operation op) => op.LaneCode is null ? op.Precedence : Precedences.Atom;
}
