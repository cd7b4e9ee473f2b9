using System.Numerics.Tensors;
using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>
/// Float32 vector models (<c>[Model(Precision = Precision.Float64 | Precision.Float32)]</c> on a method returning a
/// <c>Vec</c>) against the float64 class of the same method with the same θ and inputs, both exactly representable in
/// float32: Forward, Predict, Gradient against a label (the runtime's and a <c>[Loss]</c> method's class loss) and a target
/// vector, InputGradient, ForwardBatch and GradientBatch agree within float32 tolerance, and the calls allocate nothing.
/// </summary>
/// <remarks>
/// The tolerance is that of <see cref="Float32ModelTests"/>: 1e-4 of each parameter block's largest float64 gradient entry
/// (of |s| for a score, at least 1). The losses run in double on the widened float scores, so only the model's arithmetic
/// differs. A wrong or missing term is an error of order 1 and fails.
/// </remarks>
public class Float32VectorModelTests
{
    private const double Tolerance = 1e-4;
    private const int K = 10;

    public static TheoryData<string> Names => new() { "Mlp", "DeepSoftmax", "OpsVector" };

    private static (IVectorModel Wide, IVectorModel<float> Narrow) Pair(string name)
    {
        const int H = 24, D = 17;
        (IVectorModel, IVectorModel<float>) pair = name switch
        {
            "Mlp" => (new Models.MlpModel(H: H, D: D, K: K, seed: 5), new Models.MlpModelFloat32(H: H, D: D, K: K, seed: 5)),
            "DeepSoftmax" => (new Models.DeepSoftmaxModel(H: H, D: D, G: 12, K: K, seed: 5), new Models.DeepSoftmaxModelFloat32(H: H, D: D, G: 12, K: K, seed: 5)),
            "OpsVector" => (new Models.OpsVectorModel(H: H, D: D, K: K, seed: 5), new Models.OpsVectorModelFloat32(H: H, D: D, K: K, seed: 5)),
            _ => throw new ArgumentException(name),
        };
        TensorPrimitives.ConvertTruncating<float, double>(pair.Item2.Parameters, pair.Item1.Parameters);
        return pair;
    }

    private static (double[] Wide, float[] Narrow) Values(int count, int seed)
    {
        var random = new Random(seed);
        var narrow = new float[count];
        for (int i = 0; i < narrow.Length; i++) narrow[i] = (float)(4 * random.NextDouble() - 2);
        return (Array.ConvertAll(narrow, v => (double)v), narrow);
    }

    private static void AssertClose(double expected, double actual, string what) => Float32ModelTests.AssertClose(expected, actual, what);

    private static void AssertSpan(double[] expected, float[] actual, string what)
    {
        double scale = Math.Max(1e-300, expected.Max(Math.Abs));
        for (int j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - actual[j]) <= Tolerance * scale, $"{what}, entry {j}: float64 {expected[j]:R}, float32 {actual[j]:R}");
    }

    /// <summary>The float64 class's gradient of one loss next to the float32 class's, then compared block by block.</summary>
    private static void AssertGradients(IVectorModel wide, IVectorModel<float> narrow, Func<double[], double> g64, Func<float[], double> g32, string what)
    {
        var expected = new double[wide.ParameterCount];
        var actual = new float[narrow.ParameterCount];
        AssertClose(g64(expected), g32(actual), $"loss of {what}");
        Float32ModelTests.AssertGradient(wide, expected, actual, what);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_Predict_and_Gradient_agree_with_the_float64_model(string name)
    {
        var (wide, narrow) = Pair(name);
        int n = wide.InputLength;
        var (x64, x32) = Values(8 * n, 1);
        var (t64, t32) = Values(K, 2);
        for (int r = 0; r < 8; r++)
        {
            var x = x64.AsMemory(r * n, n);
            var xf = x32.AsMemory(r * n, n);
            var s64 = new double[K];
            var s32 = new float[K];
            wide.Forward(x.Span, s64);
            narrow.Forward(xf.Span, s32);
            for (int k = 0; k < K; k++) AssertClose(s64[k], s32[k], $"score {k} of example {r}");
            // The predicted class is the same unless the two best scores lie within rounding of each other.
            var sorted = s64.OrderDescending().ToArray();
            if (sorted[0] - sorted[1] > 1e-3) Assert.Equal(wide.Predict(x.Span), narrow.Predict(xf.Span));

            int y = r % K;
            AssertGradients(wide, narrow, g => wide.Gradient<SoftmaxCrossEntropy>(x.Span, y, g), g => narrow.Gradient<SoftmaxCrossEntropy>(xf.Span, y, g), $"SoftmaxCrossEntropy, example {r}");
            AssertGradients(wide, narrow, g => wide.Gradient<Models.SmoothedLoss>(x.Span, y, g), g => narrow.Gradient<Models.SmoothedLoss>(xf.Span, y, g), $"the [Loss] Smoothed, example {r}");
            AssertGradients(wide, narrow, g => wide.Gradient<VectorSquaredLoss>(x.Span, t64, g), g => narrow.Gradient<VectorSquaredLoss>(xf.Span, t32, g), $"VectorSquaredLoss, example {r}");

            var i64 = new double[n];
            var i32 = new float[n];
            wide.InputGradient(x.Span, t64, i64);
            narrow.InputGradient(xf.Span, t32, i32);
            AssertSpan(i64, i32, $"InputGradient of example {r}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardBatch_and_GradientBatch_agree_with_the_float64_model(string name)
    {
        const int B = 64;
        var (wide, narrow) = Pair(name);
        var (x64, x32) = Values(B * wide.InputLength, 3);
        var labels = Enumerable.Range(0, B).Select(r => (r * 7) % K).ToArray();

        var s64 = new double[B * K];
        var s32 = new float[B * K];
        wide.ForwardBatch(x64, s64);
        narrow.ForwardBatch(x32, s32);
        for (int j = 0; j < s64.Length; j++) AssertClose(s64[j], s32[j], $"ForwardBatch score {j % K} of example {j / K}");

        AssertGradients(wide, narrow, g => wide.GradientBatch<SoftmaxCrossEntropy>(x64, labels, g), g => narrow.GradientBatch<SoftmaxCrossEntropy>(x32, labels, g), "GradientBatch<SoftmaxCrossEntropy>");
        AssertGradients(wide, narrow, g => wide.GradientBatch<Models.SmoothedLoss>(x64, labels, g), g => narrow.GradientBatch<Models.SmoothedLoss>(x32, labels, g), "GradientBatch<SmoothedLoss>");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_vector_calls_allocate_nothing(string name)
    {
        const int B = 64;
        var (_, model) = Pair(name);
        var (_, x) = Values(B * model.InputLength, 4);
        var (_, target) = Values(K, 5);
        var labels = new int[B];
        var scores = new float[B * K];
        var gradient = new float[model.ParameterCount];
        var row = x.AsMemory(0, model.InputLength);
        void Calls()
        {
            model.Forward(row.Span, scores.AsSpan(0, K));
            model.Predict(row.Span);
            model.Gradient<SoftmaxCrossEntropy>(row.Span, 3, gradient);
            model.Gradient<MulticlassHinge>(row.Span, 3, gradient);
            model.Gradient<Models.SmoothedLoss>(row.Span, 3, gradient);
            model.Gradient<VectorSquaredLoss>(row.Span, target, gradient);
            model.ForwardBatch(x, scores);
            model.GradientBatch<SoftmaxCrossEntropy>(x, labels, gradient);
        }
        Calls();
        Allocations.AssertNone(Calls, 200, $"{name}ModelFloat32's Forward, Predict, Gradient, ForwardBatch and GradientBatch");
    }

    [Fact]
    public void A_bad_label_or_target_is_refused_before_anything_is_written()
    {
        var (_, model) = Pair("Mlp");
        var x = new float[model.InputLength];
        var gradient = new float[model.ParameterCount];
        Assert.Throws<ArgumentOutOfRangeException>("y", () => model.Gradient<SoftmaxCrossEntropy>(x, K, gradient));
        Assert.Throws<ArgumentException>("y", () => model.Gradient<VectorSquaredLoss>(x, new float[K - 1], gradient));
        Assert.Throws<ArgumentException>("labels", () => model.GradientBatch<SoftmaxCrossEntropy>(x, [-1], gradient));
        Assert.All(gradient, g => Assert.Equal(0f, g));
    }
}
