using System.Linq;
using SymGrad.Generator.Common;
using SymGrad.Generator.Diagnostics;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Shapes;

/// <summary>
/// Shapes stage: infers every node's shape from the declared parameter shapes with each op's rule,
/// reporting a mismatch on the exact sub-expression with both shapes named.
/// </summary>
internal static class ShapeChecker
{
    public static ModelDefinition Check(ModelDefinition model)
    {
        if (model.HasErrors) return model;
        var graph = model.Graph!;
        var unifier = new DimUnifier();
        var shapes = new Shape?[graph.Count];
        var diagnostics = model.Diagnostics.ToList();

        foreach (var node in graph.Nodes)
        {
            var op = OperationTable.Get(node.Op);
            if (op.Kind == EmitKind.Source) { shapes[node.Id] = node.Shape; continue; }
            if (node.Args.Any(a => shapes[a] is null)) continue; // an argument already failed
            var context = new ShapeContext(
                node.Args.Select(a => shapes[a]!.Value).ToArray(),
                node.Source?.Text ?? node.Op,
                node.Args.Select(a => graph[a].Source?.Text ?? graph[a].Name).ToArray(),
                unifier) { Value = node.Value };
            shapes[node.Id] = op.InferShape(context);
            if (shapes[node.Id] is null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.ShapeMismatch, node.Source?.Anchor, context.Error ?? node.Op));
        }
        if (diagnostics.HasErrors()) return model with { Diagnostics = diagnostics.ToEquatableArray() };

        var input = graph.Nodes.First(n => n.Op == OperationTable.Input);
        if (unifier.Resolve(input.Shape.Rows).Kind == DimKind.Variable)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.UninferredDimension, input.Source?.Anchor, input.Name));
            return model with { Diagnostics = diagnostics.ToEquatableArray() };
        }
        // A model returns a score or a vector of K scores (its method's return type, double or Vec, says which); a loss a scalar.
        var returned = shapes[model.Output]!.Value;
        if (!returned.IsScalar && !(returned.IsVector && !model.Header!.IsLoss))
        {
            var output = graph[model.Output];
            string expected = model.Header!.IsLoss ? "a loss must return a scalar" : "a model must return a scalar score or a vector of scores";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalogue.ShapeMismatch, output.Source?.Anchor,
                $"{output.Source?.Text ?? output.Name}: {expected}, but this is {returned.Describe()}"));
            return model with { Diagnostics = diagnostics.ToEquatableArray() };
        }

        var resolved = graph.Nodes.Select(n => n with { Shape = unifier.Resolve(shapes[n.Id]!.Value) });
        return model with { Graph = new Graph(resolved.ToEquatableArray()), Diagnostics = diagnostics.ToEquatableArray() };
    }
}
