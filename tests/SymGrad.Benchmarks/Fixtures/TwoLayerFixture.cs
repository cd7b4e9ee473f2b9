using SymGrad.Benchmarks.HandWritten;

namespace SymGrad.Benchmarks.Fixtures;

/// <summary>A generated TwoLayer model and its hand-written twin on the same θ and data, checked to agree.</summary>
internal sealed class TwoLayerFixture
{
    public TwoLayerFixture(string workload, int examples)
    {
        (int h, int d) = workload switch
        {
            "xor" => (4, 2),
            "moons" => (16, 2),
            "mid" => (64, 64),
            "mnist" => (128, 784),
            _ => throw new ArgumentOutOfRangeException(nameof(workload), workload, "Not a TwoLayer workload."),
        };
        D = d;
        Model = new BenchModels.TwoLayerModel(H: h, D: d, seed: 0);
        Net = new TwoLayerNet(h, d, Inputs.Block(Model, "W"), Inputs.Block(Model, "b"), Inputs.Block(Model, "v"));
        (Xs, Ys) = Inputs.Make(examples, d);
        Gradient = new double[Model.ParameterCount];

        // Untimed check on fresh (zero) gradient buffers: both sides must compute the same math.
        ReadOnlySpan<double> x = Xs.AsSpan(0, d);
        Agreement.Forward(workload, Model.Forward(x), Net.Forward(x));
        Agreement.Loss(workload, Model.Gradient<SquaredLoss>(x, Ys[0], Gradient), Net.Gradient(x, Ys[0]));
        Agreement.Gradient(workload, Model, Gradient, ("W", Net.GradW), ("b", Net.GradB), ("v", Net.GradV));
    }

    public int D { get; }
    public BenchModels.TwoLayerModel Model { get; }
    public TwoLayerNet Net { get; }
    public double[] Xs { get; }
    public double[] Ys { get; }
    /// <summary>The generated side's gradient buffer; the hand-written net keeps its own arrays.</summary>
    public double[] Gradient { get; }
}
