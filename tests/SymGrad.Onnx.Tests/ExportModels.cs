using SymGrad;
using static SymGrad.Ops;

namespace SymGrad.Onnx.Tests;

/// <summary>Models for what the runtime tests' models do not reach: ops and graph shapes only the export meets.</summary>
public static partial class ExportModels
{
    // The score does not read x: the same for every example, spread over the batch.
    [Model] public static double Unbatched([Shape("D")] Vec x, [Shape("H")] Vec v, double c) => Dot(v, v) + c;

    // sign and a comparison written as !=, where NaN is "not equal" (Where must pick the first branch for it).
    [Model] public static double SignAndNotEqual([Shape("D")] Vec x, [Shape("D")] Vec u, double c)
        => Sum(x.Length, d => u[d] * Sign(x[d])) + Sum(x.Length, d => x[d] != x[d] ? c : u[d] * x[d]);

    // Equal branches leave a scalar spread over a vector (Broadcast in the forward graph), summed.
    [Model] public static double SpreadBranches([Shape("D")] Vec x, [Shape("D")] Vec u, double c)
        => Sum(x.Length, d => x[d] > 0 ? c : c) + Dot(u, x);

    // Products of two batched vectors, and a batched scalar times a parameter vector.
    [Model] public static double BatchedPairs(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v)
        => Dot(W * x, W * x) + Dot(v, Sum(x) * Tanh(W * x)) + SqDist(x, x * 0.5);
}
