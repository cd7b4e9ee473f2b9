using System.Numerics;

namespace SymGrad.Tests;

/// <summary>
/// Generated elementwise loops run over <see cref="Vector{T}"/> lanes, then a scalar tail: the lanes must give the
/// bits the scalar code gives. <see cref="Models.LaneWise"/>'s gradient entries each depend on one entry of the data, so
/// a model of length n (lanes, then a tail of n mod Count) must agree bit for bit with n models of length 1 (tail only),
/// for lengths around the lane count, in float64 and float32, per example and per minibatch.
/// </summary>
public class LaneTests
{
    /// <summary>L(g, y) = g: its seed ∂L/∂g is 1, so no entry's gradient depends on the others through the loss.</summary>
    private readonly struct Linear : ILoss
    {
        public static double Value(double g, double y) => g;

        public static double Derivative(double g, double y) => 1.0;
    }

    /// <summary>0, 1, Count − 1, Count, Count + 1, 2·Count + 3 (those that are valid dimensions, 1 and up).</summary>
    private static IEnumerable<int> Lengths(int count) => new[] { 1, count - 1, count, count + 1, 2 * count + 3 }.Where(n => n > 0).Distinct();

    public static TheoryData<string> Precisions => new() { "float64", "float32" };

    [Theory]
    [MemberData(nameof(Precisions))]
    public void Vectorised_loops_give_the_scalar_codes_bits(string precision)
    {
        if (precision == "float64") Check<double>(n => new Models.LaneWiseModel(D: n, seed: 3));
        else Check<float>(n => new Models.LaneWiseModelFloat32(D: n, seed: 3));
    }

    private static void Check<T>(Func<int, IModel<T>> create) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int B = 3;
        foreach (int n in Lengths(Vector<T>.Count))
        {
            var random = new Random(n);
            // Values that take both sides of every kink and branch: x and a around 0 and 0.5, some exact zeros and ties.
            T Draw() => random.Next(8) == 0 ? T.Zero : T.CreateTruncating(Math.Round(random.NextDouble() * 3 - 1.5, 2));
            var inputs = Enumerable.Range(0, B * n).Select(_ => Draw()).ToArray();
            var model = create(n);
            for (int k = 0; k < model.ParameterCount; k++) model.Parameters[k] = Draw();
            if (n > 1) inputs[1] = model.Parameters[n + 1]; // x = u: Max's tie

            var gradient = new T[2 * n];
            model.Gradient<Linear>(inputs.AsSpan(0, n), T.Zero, gradient);
            var inputGradient = new T[n];
            model.InputGradient(inputs.AsSpan(0, n), inputGradient);
            var batchGradient = new T[2 * n];
            model.GradientBatch<Linear>(inputs, new T[B], batchGradient);

            var single = create(1);
            for (int i = 0; i < n; i++)
            {
                single.Parameters[0] = model.Parameters[i];      // a[i]
                single.Parameters[1] = model.Parameters[n + i];  // u[i]
                var x = new[] { inputs[i] };
                var expected = new T[2];
                single.Gradient<Linear>(x, T.Zero, expected);
                var expectedInput = new T[1];
                single.InputGradient(x, expectedInput);
                var column = Enumerable.Range(0, B).Select(r => inputs[r * n + i]).ToArray();
                var expectedBatch = new T[2];
                single.GradientBatch<Linear>(column, new T[B], expectedBatch);

                string at = $"n = {n}, entry {i} ({typeof(T).Name})";
                Assert.True(Same(expected[0], gradient[i]), $"∂f/∂a at {at}: {expected[0]} then {gradient[i]}");
                Assert.True(Same(expected[1], gradient[n + i]), $"∂f/∂u at {at}: {expected[1]} then {gradient[n + i]}");
                Assert.True(Same(expectedInput[0], inputGradient[i]), $"∂f/∂x at {at}: {expectedInput[0]} then {inputGradient[i]}");
                Assert.True(Same(expectedBatch[0], batchGradient[i]), $"batched ∂f/∂a at {at}");
                Assert.True(Same(expectedBatch[1], batchGradient[n + i]), $"batched ∂f/∂u at {at}");
            }
        }
    }

    // float → double is exact, so equal double bits mean equal float bits (−0 and NaN included).
    private static bool Same<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T> =>
        BitConverter.DoubleToInt64Bits(double.CreateTruncating(a)) == BitConverter.DoubleToInt64Bits(double.CreateTruncating(b));

    private static readonly double[] Specials =
        { 0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 1e-300, -1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 3.0, -3.0 };

    [Theory]
    [MemberData(nameof(Precisions))]
    public void Lane_operators_and_functions_give_the_scalar_codes_bits_in_every_lane(string precision)
    {
        if (precision == "float64") CheckFunctions<double>();
        else CheckFunctions<float>();
    }

    private static void CheckFunctions<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = Specials.Select(T.CreateTruncating).ToArray();
        int count = Vector<T>.Count;
        // Every pair (a, b) of special values, Count pairs per vector.
        var pairs = (from a in values from b in values select (a, b)).ToArray();
        for (int start = 0; start + count <= pairs.Length; start += count)
        {
            var a = new Vector<T>(pairs.Skip(start).Take(count).Select(p => p.a).ToArray());
            var b = new Vector<T>(pairs.Skip(start).Take(count).Select(p => p.b).ToArray());
            for (int k = 0; k < count; k++)
            {
                T x = a[k], y = b[k];
                string at = $"({x}, {y}) in {typeof(T).Name}";
                // The operators of the ops marked IsLaneWise: Vector<T>'s must round (and sign zeros and NaNs) as T's do.
                Assert.True(Same(x + y, (a + b)[k]), "+ " + at);
                Assert.True(Same(x - y, (a - b)[k]), "- " + at);
                Assert.True(Same(x * y, (a * b)[k]), "* " + at);
                Assert.True(Same(x / y, (a / b)[k]), "/ " + at);
                Assert.True(Same(-x, (-a)[k]), "unary - " + at);
                Assert.True(Same(Kernels.Relu(x), Lanes.Relu(a)[k]), "Relu " + at);
                Assert.True(Same(Kernels.Step(x), Lanes.Step(a)[k]), "Step " + at);
                Assert.True(Same(Kernels.Sign(x), Lanes.Sign(a)[k]), "Sign " + at);
                Assert.True(Same(Kernels.Square(x), Lanes.Square(a)[k]), "Square " + at);
                Assert.True(Same(T.Abs(x), Lanes.Abs(a)[k]), "Abs " + at);
                Assert.True(Same(T.Sqrt(x), Lanes.Sqrt(a)[k]), "Sqrt " + at);
                Assert.True(Same(Kernels.MaskedProduct(x, y), Lanes.MaskedProduct(a, b)[k]), "MaskedProduct " + at);
                Assert.True(Same(Kernels.MaskedQuotient(x, y), Lanes.MaskedQuotient(a, b)[k]), "MaskedQuotient " + at);
                Assert.True(Same(Kernels.Max(x, y), Lanes.Max(a, b)[k]), "Max " + at);
                Assert.True(Same(Kernels.Min(x, y), Lanes.Min(a, b)[k]), "Min " + at);
                T one = T.One, two = T.One + T.One;
                var (ones, twos) = (Lanes.Of(one), Lanes.Of(two));
                Assert.True(Same(x > y ? one : two, Lanes.IfGreater(a, b, ones, twos)[k]), "> " + at);
                Assert.True(Same(x >= y ? one : two, Lanes.IfGreaterOrEqual(a, b, ones, twos)[k]), ">= " + at);
                Assert.True(Same(x < y ? one : two, Lanes.IfLess(a, b, ones, twos)[k]), "< " + at);
                Assert.True(Same(x <= y ? one : two, Lanes.IfLessOrEqual(a, b, ones, twos)[k]), "<= " + at);
                Assert.True(Same(x == y ? one : two, Lanes.IfEqual(a, b, ones, twos)[k]), "== " + at);
                Assert.True(Same(x != y ? one : two, Lanes.IfNotEqual(a, b, ones, twos)[k]), "!= " + at);
            }
        }
    }

    [Fact]
    public void Loads_and_stores_stay_inside_the_span()
    {
        int count = Vector<double>.Count;
        foreach (int length in new[] { 0, count - 1, count, count + 1, 2 * count + 3 })
        {
            var span = Enumerable.Range(0, length).Select(i => (double)i).ToArray();
            for (int i = -1; i <= length; i++)
            {
                bool inside = i >= 0 && i + count <= length;
                int at = i;
                if (inside)
                {
                    Assert.Equal(span[at + count - 1], Lanes.Load<double>(span.AsSpan(), at)[count - 1]);
                    Lanes.AddTo<double>(span, at, Lanes.Of(0.5));
                    Assert.Equal(at + 0.5, span[at]);
                    Lanes.Store<double>(span, at, Lanes.Load<double>(span.AsSpan(), at) - Lanes.Of(0.5));
                    Assert.Equal(at, span[at]);
                }
                else
                {
                    Assert.Throws<ArgumentOutOfRangeException>(() => Lanes.Load<double>(span.AsSpan(), at));
                    Assert.Throws<ArgumentOutOfRangeException>(() => Lanes.Store<double>(span, at, Vector<double>.Zero));
                }
            }
        }
    }
}
