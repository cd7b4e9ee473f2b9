using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Model;
using SymGrad.Generator.Operations;

namespace SymGrad.Generator.Optimize;

/// <summary>Which statements can run lane-wise: both the per-example and the minibatch schedules ask it.</summary>
internal static class LaneCoverage
{
    /// <summary>
    /// Whether a statement has a lane form (<see cref="Operation.LaneForm"/>), and so has every value written into its
    /// expression (<paramref name="inlined"/>, recursively): then its code runs over <c>Vector&lt;T&gt;</c> lanes unchanged.
    /// </summary>
    public static bool Covers(Graph graph, int id, ICollection<int> inlined) =>
        OperationTable.Get(graph[id].Op).LaneForm is not null
        && graph[id].Args.All(a => !inlined.Contains(a) || Covers(graph, a, inlined));
}
