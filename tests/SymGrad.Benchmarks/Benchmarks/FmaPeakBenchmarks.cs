using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// The float64 (and float32, <see cref="Vector512FmaFloat32"/>) FMA peak of one thread: 16 independent chains of Vector512 (or Vector256) fused multiply–adds kept in
/// registers, no memory traffic. 16 chains cover two FMA pipes × a latency of 4 cycles twice over, so the loop is
/// throughput-bound. Each invocation does <see cref="Steps"/> × 16 FMAs × W lanes × 2 flops (W = 8 doubles per
/// Vector512, 4 per Vector256); GFLOP/s = that ÷ the mean time (docs/benchmarks.md, "Minibatch gradients").
/// </summary>
[Config(typeof(FlopsConfig))]
public class FmaPeakBenchmarks
{
    /// <summary>Loop trips per invocation: 16·8·2·2²⁰ ≈ 268 M flops with Vector512.</summary>
    public const int Steps = 1 << 20;

    /// <summary>Flops per invocation of <see cref="Vector512Fma"/>.</summary>
    public const double Flops512 = Steps * 16.0 * 8 * 2;

    /// <summary>Flops per invocation of <see cref="Vector256Fma"/>.</summary>
    public const double Flops256 = Steps * 16.0 * 4 * 2;

    private double _scale = 0.999_999_9, _shift = 1e-9;

    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Vector512Fma()
    {
        var m = Vector512.Create(_scale);
        var s = Vector512.Create(_shift);
        Vector512<double> a0 = s, a1 = s, a2 = s, a3 = s, a4 = s, a5 = s, a6 = s, a7 = s;
        Vector512<double> a8 = s, a9 = s, a10 = s, a11 = s, a12 = s, a13 = s, a14 = s, a15 = s;
        for (int i = 0; i < Steps; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, s); a1 = Vector512.FusedMultiplyAdd(a1, m, s);
            a2 = Vector512.FusedMultiplyAdd(a2, m, s); a3 = Vector512.FusedMultiplyAdd(a3, m, s);
            a4 = Vector512.FusedMultiplyAdd(a4, m, s); a5 = Vector512.FusedMultiplyAdd(a5, m, s);
            a6 = Vector512.FusedMultiplyAdd(a6, m, s); a7 = Vector512.FusedMultiplyAdd(a7, m, s);
            a8 = Vector512.FusedMultiplyAdd(a8, m, s); a9 = Vector512.FusedMultiplyAdd(a9, m, s);
            a10 = Vector512.FusedMultiplyAdd(a10, m, s); a11 = Vector512.FusedMultiplyAdd(a11, m, s);
            a12 = Vector512.FusedMultiplyAdd(a12, m, s); a13 = Vector512.FusedMultiplyAdd(a13, m, s);
            a14 = Vector512.FusedMultiplyAdd(a14, m, s); a15 = Vector512.FusedMultiplyAdd(a15, m, s);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return Vector512.Sum(sum);
    }

    /// <summary>Flops per invocation of <see cref="Vector512FmaFloat32"/>: twice <see cref="Flops512"/>, 16 floats per vector.</summary>
    public const double Flops512Float32 = Steps * 16.0 * 16 * 2;

    private float _scaleFloat = 0.999_999f, _shiftFloat = 1e-6f;

    /// <summary>The float32 peak: the same 16 chains of Vector512 FMAs on floats, 16 lanes each.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float Vector512FmaFloat32()
    {
        var m = Vector512.Create(_scaleFloat);
        var s = Vector512.Create(_shiftFloat);
        Vector512<float> a0 = s, a1 = s, a2 = s, a3 = s, a4 = s, a5 = s, a6 = s, a7 = s;
        Vector512<float> a8 = s, a9 = s, a10 = s, a11 = s, a12 = s, a13 = s, a14 = s, a15 = s;
        for (int i = 0; i < Steps; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, s); a1 = Vector512.FusedMultiplyAdd(a1, m, s);
            a2 = Vector512.FusedMultiplyAdd(a2, m, s); a3 = Vector512.FusedMultiplyAdd(a3, m, s);
            a4 = Vector512.FusedMultiplyAdd(a4, m, s); a5 = Vector512.FusedMultiplyAdd(a5, m, s);
            a6 = Vector512.FusedMultiplyAdd(a6, m, s); a7 = Vector512.FusedMultiplyAdd(a7, m, s);
            a8 = Vector512.FusedMultiplyAdd(a8, m, s); a9 = Vector512.FusedMultiplyAdd(a9, m, s);
            a10 = Vector512.FusedMultiplyAdd(a10, m, s); a11 = Vector512.FusedMultiplyAdd(a11, m, s);
            a12 = Vector512.FusedMultiplyAdd(a12, m, s); a13 = Vector512.FusedMultiplyAdd(a13, m, s);
            a14 = Vector512.FusedMultiplyAdd(a14, m, s); a15 = Vector512.FusedMultiplyAdd(a15, m, s);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return Vector512.Sum(sum);
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Vector256Fma()
    {
        var m = Vector256.Create(_scale);
        var s = Vector256.Create(_shift);
        Vector256<double> a0 = s, a1 = s, a2 = s, a3 = s, a4 = s, a5 = s, a6 = s, a7 = s;
        Vector256<double> a8 = s, a9 = s, a10 = s, a11 = s, a12 = s, a13 = s, a14 = s, a15 = s;
        for (int i = 0; i < Steps; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, s); a1 = Vector256.FusedMultiplyAdd(a1, m, s);
            a2 = Vector256.FusedMultiplyAdd(a2, m, s); a3 = Vector256.FusedMultiplyAdd(a3, m, s);
            a4 = Vector256.FusedMultiplyAdd(a4, m, s); a5 = Vector256.FusedMultiplyAdd(a5, m, s);
            a6 = Vector256.FusedMultiplyAdd(a6, m, s); a7 = Vector256.FusedMultiplyAdd(a7, m, s);
            a8 = Vector256.FusedMultiplyAdd(a8, m, s); a9 = Vector256.FusedMultiplyAdd(a9, m, s);
            a10 = Vector256.FusedMultiplyAdd(a10, m, s); a11 = Vector256.FusedMultiplyAdd(a11, m, s);
            a12 = Vector256.FusedMultiplyAdd(a12, m, s); a13 = Vector256.FusedMultiplyAdd(a13, m, s);
            a14 = Vector256.FusedMultiplyAdd(a14, m, s); a15 = Vector256.FusedMultiplyAdd(a15, m, s);
        }
        var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return Vector256.Sum(sum);
    }
}
