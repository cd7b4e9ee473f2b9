using System.Numerics.Tensors;
using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>
/// Float32 classes (<c>[Model(Precision = Precision.Float64 | Precision.Float32)]</c>) against the float64 class of the same
/// method with the same θ and inputs (both exactly representable in float32, so only the arithmetic differs): Forward,
/// Gradient, ForwardBatch and GradientBatch agree within float32 tolerance, and the calls allocate nothing.
/// </summary>
/// <remarks>
/// The tolerance is normwise, 1e-4 of each parameter block's largest float64 gradient entry (of |f| for a score, at
/// least 1): float32 rounds each operation by at most u = 2⁻²⁴ ≈ 6·10⁻⁸, and a length-n dot product's error is bounded by
/// n·u of the sum of its terms' magnitudes, with n ≤ 30 here and up to four layers. Measured by tightening the constant:
/// TwoLayer and Deep pass at 1e-6, Rbf at 1e-5 (exp of distances), GuardedLayer only at 1e-4 (log and √ of Σx amplify
/// rounding where Σx is small). A wrong or missing term is an error of order 1 and still fails.
/// </remarks>
public class Float32ModelTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Names => new() { "TwoLayer", "Rbf", "Deep", "GuardedLayer" };

    private static (IModel Wide, IModel<float> Narrow) Pair(string name)
    {
        const int H = 24, D = 17;
        (IModel, IModel<float>) pair = name switch
        {
            "TwoLayer" => (new Models.TwoLayerModel(H: H, D: D, seed: 5), new Models.TwoLayerModelFloat32(H: H, D: D, seed: 5)),
            "Rbf" => (new Models.RbfModel(H: H, D: D, seed: 5), new Models.RbfModelFloat32(H: H, D: D, seed: 5)),
            "Deep" => (new Models.DeepModel(H1: 20, D: D, H2: 30, H3: 12, seed: 5), new Models.DeepModelFloat32(H1: 20, D: D, H2: 30, H3: 12, seed: 5)),
            "GuardedLayer" => (new Models.GuardedLayerModel(D: D, H: H, seed: 5), new Models.GuardedLayerModelFloat32(D: D, H: H, seed: 5)),
            _ => throw new ArgumentException(name),
        };
        // The same seed draws the same θ in double; the float class holds it rounded. Give the double class those values.
        TensorPrimitives.ConvertTruncating<float, double>(pair.Item2.Parameters, pair.Item1.Parameters);
        return pair;
    }

    /// <summary>B rows of inputs in [−2, 2] rounded to float (about half with Σx &gt; 0, so both branches of GuardedLayer run).</summary>
    private static (double[] Wide, float[] Narrow) Inputs(int count, int length, int seed)
    {
        var random = new Random(seed);
        var narrow = new float[count * length];
        for (int i = 0; i < narrow.Length; i++) narrow[i] = (float)(4 * random.NextDouble() - 2);
        return (Array.ConvertAll(narrow, v => (double)v), narrow);
    }

    internal static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: float64 {expected:R}, float32 {actual:R}");

    internal static void AssertGradient(IParameterized model, double[] expected, float[] actual, string what)
    {
        foreach (var block in model.Blocks)
        {
            double scale = expected.AsSpan(block.Offset, block.Length).ToArray().Max(Math.Abs);
            for (int j = block.Offset; j < block.Offset + block.Length; j++)
                Assert.True(Math.Abs(expected[j] - actual[j]) <= Tolerance * scale,
                    $"{what} of {block.Name}, entry {j - block.Offset}: float64 {expected[j]:R}, float32 {actual[j]:R} (block scale {scale:R})");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_and_Gradient_agree_with_the_float64_model(string name)
    {
        var (wide, narrow) = Pair(name);
        var (x64, x32) = Inputs(8, wide.InputLength, 1);
        int n = wide.InputLength;
        for (int r = 0; r < 8; r++)
        {
            var x = x64.AsSpan(r * n, n);
            var xf = x32.AsSpan(r * n, n);
            AssertClose(wide.Forward(x), narrow.Forward(xf), $"Forward of example {r}");
            var g64 = new double[wide.ParameterCount];
            var g32 = new float[narrow.ParameterCount];
            double loss64 = wide.Gradient<SquaredLoss>(x, 0.5, g64);
            double loss32 = narrow.Gradient<SquaredLoss>(xf, 0.5f, g32);
            AssertClose(loss64, loss32, $"loss of example {r}");
            AssertGradient(wide, g64, g32, $"Gradient of example {r}");
            var i64 = new double[n];
            var i32 = new float[n];
            wide.InputGradient(x, i64);
            narrow.InputGradient(xf, i32);
            double scale = i64.Max(Math.Abs);
            for (int j = 0; j < n; j++) Assert.True(Math.Abs(i64[j] - i32[j]) <= Tolerance * scale, $"InputGradient entry {j}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardBatch_and_GradientBatch_agree_with_the_float64_model(string name)
    {
        const int B = 64;
        var (wide, narrow) = Pair(name);
        var (x64, x32) = Inputs(B, wide.InputLength, 2);
        var y64 = new double[B];
        var y32 = new float[B];
        for (int r = 0; r < B; r++) y32[r] = (float)(y64[r] = r % 2 == 0 ? 1 : -1);

        var s64 = new double[B];
        var s32 = new float[B];
        wide.ForwardBatch(x64, s64);
        narrow.ForwardBatch(x32, s32);
        for (int r = 0; r < B; r++) AssertClose(s64[r], s32[r], $"ForwardBatch score {r}");

        var g64 = new double[wide.ParameterCount];
        var g32 = new float[narrow.ParameterCount];
        double loss64 = wide.GradientBatch<LogisticLoss>(x64, y64, g64);
        double loss32 = narrow.GradientBatch<LogisticLoss>(x32, y32, g32);
        AssertClose(loss64, loss32, "GradientBatch loss");
        AssertGradient(wide, g64, g32, "GradientBatch");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_calls_allocate_nothing(string name)
    {
        const int B = 64;
        var (_, model) = Pair(name);
        var (_, x) = Inputs(B, model.InputLength, 3);
        var y = new float[B];
        var scores = new float[B];
        var gradient = new float[model.ParameterCount];
        var row = x.AsMemory(0, model.InputLength);
        void Calls()
        {
            model.Forward(row.Span);
            model.Gradient<SquaredLoss>(row.Span, 1f, gradient);
            model.ForwardBatch(x, scores);
            model.GradientBatch<SquaredLoss>(x, y, gradient);
        }
        Calls();
        Allocations.AssertNone(Calls, 200, $"{name}ModelFloat32's Forward, Gradient, ForwardBatch and GradientBatch");
    }

    [Fact]
    public void The_float32_class_starts_from_the_float64_theta_of_the_same_seed_rounded()
    {
        var wide = new Models.TwoLayerModel(H: 5, D: 3, seed: 11);
        var narrow = new Models.TwoLayerModelFloat32(H: 5, D: 3, seed: 11);
        Assert.Equal(Array.ConvertAll(wide.Parameters.ToArray(), v => (float)v), narrow.Parameters.ToArray());
    }
}
