using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SymGrad.Benchmarks;

/// <summary>
/// `--batched-phases`: where one mnist-shaped GradientBatch call's time goes. Runs the generated TwoLayer GradientBatch
/// (tests/SymGrad.Generator.Tests/Snapshots, TwoLayer_network) phase by phase through the same runtime calls, each
/// phase timed on its own as the fastest of many calls, in float64 and float32, next to the whole generated call.
/// The phases' sum is close to the whole call when nothing is lost between them; the table says which phase to cut.
/// </summary>
internal static class BatchedPhases
{
    private const int H = 128, D = 784, Calls = 300;

    public static void Run()
    {
        for (int round = 1; round <= 3; round++)
            foreach (int batch in new[] { 16, 64, 256 })
            {
                var f = Fixtures.Float32Fixture.Make(batch);
                var wide = Measure<double>(batch, f.Item1.Parameters.ToArray(), f.Xs, f.Ys);
                var narrow = Measure<float>(batch, f.Item2.Parameters.ToArray(), f.XsFloat, f.YsFloat);
                double whole64 = Fastest(() => f.Item1.GradientBatch<SquaredLoss>(f.Xs, f.Ys, f.Gradient));
                double whole32 = Fastest(() => f.Item2.GradientBatch<SquaredLoss>(f.XsFloat, f.YsFloat, f.GradientFloat));
                Console.WriteLine($"round {round}, B = {batch}: phase, float64 µs, float32 µs, float64 ÷ float32");
                for (int i = 0; i < wide.Length; i++)
                    Console.WriteLine($"  {wide[i].Name,-34} {wide[i].Seconds * 1e6,8:F1} {narrow[i].Seconds * 1e6,8:F1} {wide[i].Seconds / narrow[i].Seconds,6:F2}×");
                double sum64 = wide.Where(IsPhase).Sum(p => p.Seconds), sum32 = narrow.Where(IsPhase).Sum(p => p.Seconds);
                Console.WriteLine($"  {"sum of phases",-34} {sum64 * 1e6,8:F1} {sum32 * 1e6,8:F1} {sum64 / sum32,6:F2}×");
                Console.WriteLine($"  {"generated GradientBatch",-34} {whole64 * 1e6,8:F1} {whole32 * 1e6,8:F1} {whole64 / whole32,6:F2}×");
            }
    }

    private static bool IsPhase((string Name, double Seconds) row) => !row.Name.StartsWith('(');

    private static (string Name, double Seconds)[] Measure<T>(int batch, T[] theta, T[] xs, T[] ys) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = theta.AsMemory(0, H * D);
        var bias = theta.AsMemory(H * D, H);
        var v = theta.AsMemory(H * D + H, H);
        T[] t1 = new T[batch * H], t2 = new T[batch * H], t3 = new T[batch * H], t2Bar = new T[batch * H];
        T[] t4 = new T[batch], t4Bar = new T[batch], wBar = new T[H * D], bBar = new T[H], vBar = new T[H];
        Gemm.MultiplyTransposed<T>(xs, w.Span, t1, batch, H, D);
        T[] packed = new T[(batch + 32) * D];
        return
        [
            ("forward product [x] Wᵀ", Fastest(() => Gemm.MultiplyTransposed<T>(xs, w.Span, t1, batch, H, D))),
            ("bias t1 + b (row loop)", Fastest(() =>
            {
                var b = bias.Span;
                for (int r = 0; r < batch; r++)
                    for (int i = 0; i < H; i++) t2[r * H + i] = t1[r * H + i] + b[i];
            })),
            ("tanh over the block", Fastest(() => Kernels.Tanh<T>(t2, t3))),
            ("v·t3 per row: [t3] v (MatVec)", Fastest(() => Kernels.MatVec<T>(t3, v.Span, t4))),
            ("(not a phase: v·t3 as a row loop)", Fastest(() =>
            {
                var vs = v.Span;
                for (int r = 0; r < batch; r++)
                {
                    T s = T.Zero;
                    for (int i = 0; i < H; i++) s += vs[i] * t3[r * H + i];
                    t4[r] = s;
                }
            })),
            ("loss and t̄4", Fastest(() =>
            {
                T loss = T.Zero;
                for (int r = 0; r < batch; r++) loss += (t4[r] - ys[r]) * (t4[r] - ys[r]);
                for (int r = 0; r < batch; r++) t4Bar[r] = (t4[r] - ys[r]) * T.CreateTruncating(2);
                t4Bar[0] += loss * T.Zero;
            })),
            ("t̄2 = t̄4 v ⊙ (1 − t3²) (row loop)", Fastest(() =>
            {
                var vs = v.Span;
                for (int r = 0; r < batch; r++)
                    for (int i = 0; i < H; i++) t2Bar[r * H + i] = t4Bar[r] * vs[i] * (T.One - t3[r * H + i] * t3[r * H + i]);
            })),
            ("v̄ += [t3]ᵀ[t̄4], b̄ += column sums", Fastest(() =>
            {
                Kernels.AddTransposedMatVec<T>(t3, t4Bar, vBar, batch);
                Kernels.AddColumnSums<T>(t2Bar, bBar, batch);
            })),
            ("(not a phase: v̄ and b̄ as row loops)", Fastest(() =>
            {
                for (int r = 0; r < batch; r++)
                    for (int i = 0; i < H; i++) vBar[i] += t4Bar[r] * t3[r * H + i];
                for (int r = 0; r < batch; r++)
                    for (int i = 0; i < H; i++) bBar[i] += t2Bar[r * H + i];
            })),
            ("IsFiniteAll(X)", Fastest(() => { if (!TensorPrimitives.IsFiniteAll<T>(xs)) throw new InvalidOperationException(); })),
            ("(not a phase: Xᵀ packed entry by entry)", Fastest(() => PackTransposed<T>(xs, batch, packed))),
            ("weight product W̄ += [t̄2]ᵀ[x]", Fastest(() => Gemm.AddTransposedProduct<T>(t2Bar, xs, wBar, H, D, batch))),
        ];
    }

    /// <summary>
    /// How the forward product's pack copied Xᵀ into 16-double (32-float) panels before it transposed whole blocks in
    /// registers: entry by entry. Not part of GradientBatch; timed for comparison (docs/benchmarks.md).
    /// </summary>
    private static void PackTransposed<T>(T[] x, int batch, T[] packed)
    {
        int nr = 16 * 8 / Unsafe.SizeOf<T>();
        ref T source = ref x[0];
        ref T target = ref packed[0];
        for (int panel = 0; panel < batch; panel += nr)
        {
            int width = Math.Min(nr, batch - panel);
            ref T block = ref Unsafe.Add(ref target, panel * D);
            for (int j = 0; j < width; j++)
                for (int p = 0; p < D; p++) Unsafe.Add(ref block, p * nr + j) = Unsafe.Add(ref source, (nint)(panel + j) * D + p);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fastest(Action call)
    {
        double best = double.MaxValue;
        for (int i = 0; i < Calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return best;
    }

    private static double Fastest(Func<double> call) => Fastest(() => { _ = call(); });

    private static double Fastest(Func<float> call) => Fastest(() => { _ = call(); });
}
