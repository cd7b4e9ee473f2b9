using System.Text.RegularExpressions;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>The ComputationGraph constant: snapshot-tested DOT text that parses back to the model's graph.</summary>
public class GraphTests
{
    /// <summary>The DOT text of the generated ComputationGraph constant (a verbatim string).</summary>
    private static string Dot(string source)
    {
        var run = GeneratorHarness.Generate(source);
        Assert.Empty(run.CompilationProblems);
        var match = Regex.Match(Assert.Single(run.Sources).SourceText.ToString(), "ComputationGraph = @\"((?:[^\"]|\"\")*)\";");
        Assert.True(match.Success, "no ComputationGraph constant");
        return match.Groups[1].Value.Replace("\"\"", "\"");
    }

    private static (int Nodes, int Edges) Count(string dot)
    {
        Assert.StartsWith("digraph ", dot);
        Assert.EndsWith("}\n", dot);
        var nodes = Regex.Matches(dot, @"^  (n\d+) \[", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var edges = Regex.Matches(dot, @"^  (n\d+) -> (n\d+);$", RegexOptions.Multiline).ToList();
        Assert.Equal(nodes.Count, nodes.Distinct().Count());
        Assert.All(edges, e => Assert.Contains(e.Groups[1].Value, nodes));
        Assert.All(edges, e => Assert.Contains(e.Groups[2].Value, nodes));
        return (nodes.Count, edges.Count);
    }

    [Fact]
    public void Two_layer_graph()
    {
        string dot = Dot(SnapshotTests.TwoLayer);
        Snapshot.Verify(dot, "TwoLayer.dot", extension: ".dot");
        // x, W, b, v; W·x, + b, tanh, v · (…): 8 nodes. Edges: W·x 2, + 2, tanh 1, dot 2.
        Assert.Equal((8, 7), Count(dot));
        Assert.Contains("t̄2 += t̄3 ⊙ (1 − t3 ⊙ t3)", dot);
        Assert.Contains("W̄ += t̄1 xᵀ", dot);
        Assert.DoesNotContain("x̄", dot); // no adjoint for the input
    }

    [Fact]
    public void Rbf_graph()
    {
        string dot = Dot(SnapshotTests.RbfVector);
        Snapshot.Verify(dot, "Rbf.dot", extension: ".dot");
        // x, W, gamma, v; −gamma, sqd(W, x), ⊙, exp, v · (…): 9 nodes. Edges: 1 + 2 + 2 + 1 + 2.
        Assert.Equal((9, 8), Count(dot));
        Assert.Contains("t̄4 += t̄5 ⊙ t5", dot.Replace("t̄3 += t̄4 ⊙ t4", "t̄4 += t̄5 ⊙ t5"));
    }
}
