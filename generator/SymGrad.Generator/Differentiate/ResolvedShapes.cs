using System.Linq;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Differentiate;

/// <summary>Shape inference for nodes built after shape checking, when every dimension is known.</summary>
internal sealed class ResolvedShapes : IDimUnifier
{
    // Stateless: every dimension is already resolved, so one instance serves every call.
    private static readonly ResolvedShapes Instance = new();

    /// <summary>A shape function for <see cref="GraphBuilder"/>; a failure here is a bug in an adjoint rule.</summary>
    public static System.Func<Operation, int[], Shape> For(System.Func<GraphBuilder> graph) => (op, args) =>
    {
        var builder = graph();
        var context = new ShapeContext(args.Select(a => builder[a].Shape).ToArray(), op.Name, args.Select(a => "#" + a).ToArray(), Instance);
        return op.InferShape(context) ?? throw new System.InvalidOperationException($"Adjoint rule built an ill-shaped {op.Name}: {context.Error}");
    };

    public bool Unify(Dim a, Dim b) => a == b;

    public Dim Resolve(Dim d) => d;
}
