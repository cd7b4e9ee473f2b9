using BenchmarkDotNet.Attributes;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// The runtime's GEMM on the mnist-shaped dense layer's two products at B = 64: the forward X·Wᵀ (64×784 by 784×128)
/// and the weight gradient W̄ += T̄ᵀX (128×64 by 64×784). Each is 2·64·128·784 = 12.85 M flops.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private const int B = 64, H = 128, D = 784;
    private readonly double[] _x = Filled(B * D, 1), _w = Filled(H * D, 2), _t = Filled(B * H, 3), _wBar = new double[H * D];

    private static double[] Filled(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.NextDouble() - 0.5;
        return values;
    }

    [Benchmark]
    public void ForwardXWt() => Gemm.MultiplyTransposed(_x, _w, _t, B, H, D);

    [Benchmark]
    public void WeightGradientTtX() => Gemm.AddTransposedProduct(_t, _x, _wBar, H, D, B);
}
