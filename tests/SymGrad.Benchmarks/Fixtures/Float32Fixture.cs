using System.Numerics.Tensors;

namespace SymGrad.Benchmarks.Fixtures;

/// <summary>
/// The mnist-shaped TwoLayer model in float64 and float32 on the same θ and inputs (rounded to float, so both classes see
/// identical values), checked untimed to agree within float32 rounding.
/// </summary>
internal static class Float32Fixture
{
    public static (BenchModels.TwoLayerModel, BenchModels.TwoLayerModelFloat32, double[] Xs, double[] Ys, double[] Gradient, double[] Scores,
        float[] XsFloat, float[] YsFloat, float[] GradientFloat, float[] ScoresFloat) Make(int batch)
    {
        var fixture = new TwoLayerFixture("mnist", examples: batch);
        var wide = fixture.Model;
        var narrow = new BenchModels.TwoLayerModelFloat32(H: 128, D: 784, seed: 0);
        TensorPrimitives.ConvertTruncating<double, float>(wide.Parameters, narrow.Parameters);
        TensorPrimitives.ConvertTruncating<float, double>(narrow.Parameters, wide.Parameters);
        float[] xs = new float[fixture.Xs.Length], ys = new float[batch];
        TensorPrimitives.ConvertTruncating<double, float>(fixture.Xs, xs);
        TensorPrimitives.ConvertTruncating<double, float>(fixture.Ys, ys);
        TensorPrimitives.ConvertTruncating<float, double>(xs, fixture.Xs);
        TensorPrimitives.ConvertTruncating<float, double>(ys, fixture.Ys);

        var g64 = new double[wide.ParameterCount];
        var g32 = new float[narrow.ParameterCount];
        wide.GradientBatch<SquaredLoss>(fixture.Xs, fixture.Ys, g64);
        narrow.GradientBatch<SquaredLoss>(xs, ys, g32);
        double scale = g64.Max(Math.Abs);
        for (int j = 0; j < g64.Length; j++)
            if (Math.Abs(g64[j] - g32[j]) > 1e-4 * scale)
                throw new InvalidOperationException($"The float32 GradientBatch differs from the float64 one at {j}: {g32[j]:R} vs {g64[j]:R}.");
        return (wide, narrow, fixture.Xs, fixture.Ys, new double[wide.ParameterCount], new double[batch], xs, ys, new float[narrow.ParameterCount], new float[batch]);
    }
}
