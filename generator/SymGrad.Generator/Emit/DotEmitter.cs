using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SymGrad.Generator.Common;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;
using SymGrad.Generator.Optimize;

namespace SymGrad.Generator.Emit;

/// <summary>
/// The forward computation graph as Graphviz DOT, for the generated class's ComputationGraph constant:
/// each node with what it computes and its shape, and beside it the adjoint rule the backward pass applies
/// to each of its arguments, in the lecture's notation. Inputs and constants get no rule (they need no adjoint).
/// </summary>
internal static class DotEmitter
{
    public static string Graph(Graph graph, NodeNames names, int output, string title)
    {
        var forward = graph.AncestorsOf(output);
        var active = graph.Activity();
        var definitions = new MethodEmitter(graph, names, new MethodPlan(EquatableArray<Step>.Empty, EquatableArray<int>.Empty, EquatableArray<int>.Empty));

        var dot = new StringBuilder();
        dot.Append("digraph ").Append(Quote(title)).Append(" {\n");
        dot.Append("  rankdir=BT;\n  node [fontname=\"Helvetica\", fontsize=11];\n");
        foreach (int id in forward)
        {
            var node = graph[id];
            var op = OperationTable.Get(node.Op);
            string label;
            string style;
            if (node.Op == OperationTable.Param) { label = $"{names.Display(id)}\n{Describe(node.Shape)}\nparameter"; style = "shape=box, style=filled, fillcolor=\"#fde9c9\""; }
            else if (node.Op == OperationTable.Input) { label = $"{names.Display(id)}\n{Describe(node.Shape)}\ninput"; style = "shape=ellipse"; }
            else if (node.Op == OperationTable.Const) { label = names.Display(id); style = "shape=plaintext"; }
            else
            {
                var rules = new List<string>();
                for (int k = 0; k < node.Args.Count && k < op.Lecture.Length; k++)
                    if (active[node.Args[k]]) rules.Add(Substitute(op.Lecture[k], names, id, node));
                label = $"{names.Display(id)} = {definitions.Definition(id)}\n{Describe(node.Shape)}"
                    + (rules.Count > 0 ? "\n\n" + string.Join("\n", rules) : string.Empty);
                style = "shape=box, style=rounded";
            }
            dot.Append("  n").Append(id.ToString(CultureInfo.InvariantCulture)).Append(" [").Append(style).Append(", label=").Append(Quote(label)).Append("];\n");
        }
        foreach (int id in forward)
            foreach (int arg in graph[id].Args)
                dot.Append("  n").Append(arg.ToString(CultureInfo.InvariantCulture)).Append(" -> n").Append(id.ToString(CultureInfo.InvariantCulture)).Append(";\n");
        dot.Append("}\n");
        return dot.ToString();
    }

    private static string Substitute(string rule, NodeNames names, int id, Node node)
    {
        string a = names.Display(node.Args[0]);
        string c = node.Args.Count > 1 ? names.Display(node.Args[1]) : string.Empty;
        string b = names.Display(id);
        // A conditional's comparison l ∘ r is its third and fourth argument.
        if (node.Args.Count > 3) rule = rule.Replace("{l}", names.Display(node.Args[2])).Replace("{r}", names.Display(node.Args[3]));
        return rule.Replace("{ā}", NodeNames.Bar(a)).Replace("{c̄}", NodeNames.Bar(c)).Replace("{b̄}", NodeNames.Bar(b))
            .Replace("{a}", a).Replace("{c}", c).Replace("{b}", b);
    }

    private static string Describe(Shape shape) => shape.Rank switch { 0 => "scalar", 1 => $"vector, length {shape.Rows}", _ => $"matrix, {shape.Rows}×{shape.Columns}" };

    /// <summary>A DOT string: quotes and backslashes escaped, line breaks as \n.</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
