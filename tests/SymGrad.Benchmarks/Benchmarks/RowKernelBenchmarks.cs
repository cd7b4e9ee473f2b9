using BenchmarkDotNet.Attributes;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// Where <c>Kernels.MatVec</c> should switch from its scalar loop to the four-row SIMD loop: W·x for H = 64 rows of
/// D entries through the kernel, against the plain loop over rows the kernel uses below its threshold. No job attribute:
/// run it with the job on the command line (docs/benchmarks.md, "Per-example SIMD").
/// </summary>
[MemoryDiagnoser]
public class RowKernelBenchmarks
{
    private double[] _w = null!, _x = null!, _result = null!;

    [Params(4, 8, 12, 16)]
    public int D { get; set; }

    private const int H = 64;

    [GlobalSetup]
    public void Setup()
    {
        (_w, _) = Inputs.Make(H, D, seed: 3);
        (_x, _) = Inputs.Make(1, D, seed: 4);
        _result = new double[H];
    }

    [Benchmark(Baseline = true)]
    public double ScalarRows()
    {
        for (int i = 0; i < H; i++)
        {
            ReadOnlySpan<double> row = _w.AsSpan(i * D, D);
            double s = 0;
            for (int j = 0; j < row.Length; j++) s += row[j] * _x[j];
            _result[i] = s;
        }
        return _result[0];
    }

    [Benchmark]
    public double MatVec()
    {
        Kernels.MatVec(_w, _x, _result);
        return _result[0];
    }
}
