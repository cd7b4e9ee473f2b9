using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Emit;

/// <summary>
/// Chooses each parameter block's default initialisation from what it feeds: a weight matrix whose product W·x
/// reaches (through biases and negations only) activations that all ask for the same scheme gets that scheme
/// (He before ReLU, LeCun before tanh or the sigmoid); every other block gets LeCun's 1/√fan-in. Glorot was tried
/// for tanh and slowed the spirals of samples/LayerWise badly: its σ is small when the input has two features.
/// </summary>
internal static class InitializationDefaults
{
    public const string Fallback = "LeCun";

    /// <param name="graph">The model's graph.</param>
    /// <param name="output">The score: only the forward pass (what it depends on) is searched.</param>
    /// <param name="parameter">The block's parameter node.</param>
    public static string For(Graph graph, int output, Node parameter)
    {
        if (!parameter.Shape.IsMatrix) return Fallback;
        var forward = new HashSet<int>(graph.AncestorsOf(output));
        var schemes = new HashSet<string>();
        var frontier = new Stack<int>(graph.Nodes.Where(n => OperationTable.Get(n.Op).IsWeightProduct && n.Args[0] == parameter.Id).Select(n => n.Id));
        var seen = new HashSet<int>();
        while (frontier.Count > 0)
        {
            int id = frontier.Pop();
            if (!seen.Add(id)) continue;
            foreach (var user in graph.Nodes.Where(n => forward.Contains(n.Id) && n.Args.Contains(id)))
            {
                var op = OperationTable.Get(user.Op);
                if (op.IsAffine) frontier.Push(user.Id);
                else schemes.Add(op.Initialization.Length > 0 ? op.Initialization : Fallback);
            }
        }
        return schemes.Count == 1 ? schemes.Single() : Fallback;
    }
}
