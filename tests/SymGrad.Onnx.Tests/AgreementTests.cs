using SymGrad.Onnx.Tests.Support;

namespace SymGrad.Onnx.Tests;

/// <summary>
/// Every exportable model, exported and run in ONNX Runtime on random batches, agrees with generated Forward:
/// float64 within 1e-12 and float32 within 1e-5, relative to the score (see <see cref="RelativeError"/>).
/// </summary>
public class AgreementTests(ITestOutputHelper output)
{
    public static readonly string[] Names =
    {
        // The lecture's networks in both notations, and a deep stack.
        "TwoLayer", "TwoLayerIndexed", "Rbf", "RbfIndexed", "Deep",
        // One model per op of the table.
        "OpAddSub", "OpNeg", "OpHadamardAndScale", "OpDiv", "OpTanh", "OpExpLog", "OpSigmoid", "OpRelu",
        "OpSquareSqrt", "OpPow", "OpSqDist", "OpConstantDims",
        // Conditionals: every comparison, branches that are NaN where not chosen, folded conditions.
        "OpConditional", "GuardedLog", "GuardedDivision", "GuardedRoot", "GuardedDifference", "GuardedPieces",
        "GuardedEntrySum", "GuardedRows", "GuardedLayer", "GuardedParameterDivisor", "ConstantGuard", "DeadBranch",
        // What only the export meets: a score that ignores x, sign and !=, a spread scalar, batched pairs.
        "Unbatched", "SignAndNotEqual", "SpreadBranches", "BatchedPairs",
    };

    private static readonly Dictionary<string, int>[] s_dims =
    {
        new() { ["H"] = 1, ["D"] = 1, ["H1"] = 1, ["H2"] = 1, ["H3"] = 1 },
        new() { ["H"] = 16, ["D"] = 2, ["H1"] = 6, ["H2"] = 5, ["H3"] = 4 },
        new() { ["H"] = 9, ["D"] = 20, ["H1"] = 17, ["H2"] = 18, ["H3"] = 19 },
    };

    private static readonly int[] s_batches = [1, 7, 64];

    public static TheoryData<string, OnnxElementType> Cases()
    {
        var data = new TheoryData<string, OnnxElementType>();
        foreach (string name in Names)
            foreach (var type in Enum.GetValues<OnnxElementType>()) data.Add(name, type);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntime_agrees_with_Forward(string name, OnnxElementType type)
    {
        double tolerance = type == OnnxElementType.Float64 ? 1e-12 : 1e-5;
        double worst = 0;
        int compared = 0;
        for (int d = 0; d < s_dims.Length; d++)
        {
            var model = ExportCase.Create(name, s_dims[d], seed: d);
            using var runner = new OnnxRunner(model, type);
            // For a look with other tools (onnx.checker, Netron): SYMGRAD_ONNX_DUMP=folder writes every file checked here.
            if (Environment.GetEnvironmentVariable("SYMGRAD_ONNX_DUMP") is { Length: > 0 } folder)
                OnnxExport.Save(model, Path.Combine(Directory.CreateDirectory(folder).FullName, $"{name}.{d}.{type}.onnx"), type);
            var random = new Random(100 + d);
            foreach (int batch in s_batches)
            {
                double[] rows = ExportCase.RandomRows(random, batch, model.InputLength);
                double[] expected = ExportCase.Forward(model, rows);
                double[] actual = runner.Run(rows);
                for (int r = 0; r < batch; r++)
                {
                    double error = RelativeError(actual[r], expected[r]);
                    Assert.True(error <= tolerance,
                        $"{name}, dims {d}, batch {batch}, row {r}: ONNX Runtime {actual[r]:R} vs Forward {expected[r]:R} (relative error {error:E2})");
                    worst = Math.Max(worst, error);
                    compared++;
                }
            }
        }
        output.WriteLine($"{name} {type}: {compared} scores, worst relative error {worst:E2}");
    }

    /// <summary>
    /// |a − e| / max(|e|, 1): relative to the score, and absolute for scores below 1 in size, where a sum of terms
    /// that cancel leaves only rounding to compare (relative error of a score near 0 measures nothing).
    /// </summary>
    public static double RelativeError(double actual, double expected) =>
        actual.Equals(expected) ? 0 : Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1);
}
