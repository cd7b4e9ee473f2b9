using System.Text.RegularExpressions;
using SymGrad.Generator.Operations;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>
/// Every op a forward graph can hold has an ONNX rule in its table entry; only the backward pass's own ops have
/// none; and docs/onnx.md's mapping table has a row for every op of the table.
/// </summary>
public class OnnxMappingTests
{
    // The ops that only the reverse sweep and the loss create. A new op is either exportable or added here on purpose.
    private static readonly string[] s_backwardOnly =
    {
        OperationTable.Loss, OperationTable.Seed, "MaskedMul", "MaskedDiv", "CustomDerivative", "CustomDerivativeOfValue",
        "Step", "MatTVec", "Outer", "RowDifference", OperationTable.Accumulate,
        OperationTable.VectorLoss, OperationTable.VectorSeed, OperationTable.InputSeed, "OneHot", "OneHotAt",
    };

    [Fact]
    public void Only_the_backward_passs_own_ops_have_no_ONNX_rule()
    {
        var without = OperationTable.All.Where(o => o.Onnx is null).Select(o => o.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(s_backwardOnly.OrderBy(n => n, StringComparer.Ordinal), without);
    }

    [Fact]
    public void What_a_model_can_write_is_never_backward_only()
    {
        foreach (var op in OperationTable.All.Where(o => o.SourceNames.Length > 0 || o.Kind == EmitKind.Source))
            Assert.DoesNotContain(op.Name, s_backwardOnly);
    }

    [Fact]
    public void The_ONNX_doc_maps_every_op_of_the_table()
    {
        string doc = File.ReadAllText(Path.Combine(ProjectPaths.RepositoryRoot, "docs", "onnx.md"));
        var rows = Regex.Matches(doc, @"^\| ((?:`\w+`(?:, )?)+) \|", RegexOptions.Multiline)
            .SelectMany(m => Regex.Matches(m.Groups[1].Value, @"`(\w+)`").Select(n => n.Groups[1].Value))
            .OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(OperationTable.All.Select(o => o.Name).OrderBy(n => n, StringComparer.Ordinal), rows);
    }
}
