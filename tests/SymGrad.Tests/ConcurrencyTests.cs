using System.Collections.Concurrent;
using SymGrad.Tests.Support;

namespace SymGrad.Tests;

/// <summary>
/// One model instance serves many threads: Forward, Predict and Gradient keep their scratch per call (on the stack,
/// or in a per-thread array when large), so concurrent calls give exactly the sequential results and allocate nothing.
/// </summary>
public class ConcurrencyTests
{
    private const int Threads = 8;
    private const int Inputs = 64;
    private const int Passes = 6;

    // 16 hidden units keep the Gradient's scratch on the stack; 400 (three stored layers, and more) take it past Workspace.StackLimit into the
    // per-thread array, so both paths are exercised.
    [Theory]
    [InlineData(16)]
    [InlineData(400)]
    public void Eight_threads_on_one_deep_model_get_the_sequential_results_and_allocate_nothing(int hidden)
    {
        var model = new Models.DeepModel(H1: hidden, D: 8, H2: hidden, H3: hidden, seed: 5);
        Assert.Equal(hidden > 100, 3 * hidden > Workspace.StackLimit);
        var random = new Random(6);
        var xs = Enumerable.Range(0, Inputs).Select(_ => Enumerable.Range(0, 8).Select(_ => random.NextDouble() * 4 - 2).ToArray()).ToArray();
        var ys = xs.Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var expectedScores = xs.Select(x => model.Forward(x)).ToArray();
        var expectedGradients = xs.Select((x, k) => Gradient(model, x, ys[k])).ToArray();

        var failures = new ConcurrentQueue<string>();
        var allocated = new long[Threads][];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var gradient = new double[model.ParameterCount];
            // Warm-up: the JIT, and this thread's scratch array when the model needs one.
            model.Forward(xs[0]);
            model.Gradient<SquaredLoss>(xs[0], ys[0], gradient);
            start.SignalAndWait();
            int pass = 0;
            allocated[t] = Allocations.PerWindow(() =>
            {
                pass++;
                for (int j = 0; j < Inputs; j++)
                {
                    int k = (j * (2 * t + 1) + pass) % Inputs; // each thread its own order, so calls interleave differently
                    double score = model.Forward(xs[k]);
                    if (score != expectedScores[k]) failures.Enqueue($"thread {t}: Forward of input {k} gave {score:R}, expected {expectedScores[k]:R}");
                    if (model.Predict(xs[k]) != Ops.Sign(expectedScores[k])) failures.Enqueue($"thread {t}: Predict of input {k}");
                    Array.Clear(gradient);
                    model.Gradient<SquaredLoss>(xs[k], ys[k], gradient);
                    if (!gradient.AsSpan().SequenceEqual(expectedGradients[k])) failures.Enqueue($"thread {t}: Gradient of input {k} differs");
                }
            }, Passes);
        })).ToList();
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());

        Assert.Empty(failures.Take(10));
        Assert.All(allocated, windows => Assert.True(windows[^1] == 0, $"a thread allocated {string.Join(", ", windows)} bytes in windows of {Passes * Inputs} calls"));
    }

    [Fact]
    public void A_clone_has_the_same_parameters_and_shares_no_memory()
    {
        var model = new Models.DeepModel(H1: 5, D: 3, H2: 4, H3: 3, seed: 1);
        var clone = model.Clone();
        Assert.Equal((model.H1, model.D, model.H2, model.H3), (clone.H1, clone.D, clone.H2, clone.H3));
        Assert.True(model.Parameters.SequenceEqual(clone.Parameters));
        double[] x = [0.5, -1, 2];
        Assert.Equal(model.Forward(x), clone.Forward(x));

        clone.W1[0] += 1;
        Assert.NotEqual(model.W1[0], clone.W1[0]);
        Assert.NotEqual(model.Forward(x), clone.Forward(x));
        Assert.Equal(model.Blocks, ((IModel)clone).Clone().Blocks);
    }

    [Fact]
    public void The_seed_given_at_construction_decides_the_initial_parameters()
    {
        var a = new Models.TwoLayerModel(H: 4, D: 2, seed: 1);
        var b = new Models.TwoLayerModel(H: 4, D: 2, seed: 2);
        var again = new Models.TwoLayerModel(H: 4, D: 2, seed: 1);
        Assert.False(a.Parameters.SequenceEqual(b.Parameters));
        Assert.True(a.Parameters.SequenceEqual(again.Parameters));
    }

    [Fact]
    public void Predict_refuses_a_NaN_score_instead_of_calling_it_the_boundary()
    {
        var model = new Models.TwoLayerModel(H: 4, D: 2, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => model.Predict([double.NaN, 1.0]));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("NaN at index 0", error.Message);

        model.v[0] = double.NaN;
        Assert.Throws<InvalidOperationException>(() => model.Predict([0.5, 1.0]));
    }

    private static double[] Gradient(IModel model, double[] x, double y)
    {
        var gradient = new double[model.ParameterCount];
        model.Gradient<SquaredLoss>(x, y, gradient);
        return gradient;
    }
}
