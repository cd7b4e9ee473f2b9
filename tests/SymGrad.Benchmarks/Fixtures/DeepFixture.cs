using SymGrad.Benchmarks.HandWritten;

namespace SymGrad.Benchmarks.Fixtures;

/// <summary>The deep workload (D=64, three tanh layers of 64): a generated Deep model and its hand-written twin, checked to agree.</summary>
internal sealed class DeepFixture
{
    private const int H = 64, D = 64;

    public DeepFixture()
    {
        Model = new BenchModels.DeepModel(H1: H, D: D, H2: H, H3: H, seed: 0);
        Net = new DeepNet(D, H, H, H,
            Inputs.Block(Model, "W1"), Inputs.Block(Model, "b1"),
            Inputs.Block(Model, "W2"), Inputs.Block(Model, "b2"),
            Inputs.Block(Model, "W3"), Inputs.Block(Model, "b3"),
            Inputs.Block(Model, "v"), Inputs.Block(Model, "c")[0]);
        (X, double[] ys) = Inputs.Make(1, D);
        Y = ys[0];
        Gradient = new double[Model.ParameterCount];

        Agreement.Forward("deep", Model.Forward(X), Net.Forward(X));
        Agreement.Loss("deep", Model.Gradient<SquaredLoss>(X, Y, Gradient), Net.Gradient(X, Y));
        Agreement.Gradient("deep", Model, Gradient,
            ("W1", Net.GradW1), ("b1", Net.GradB1), ("W2", Net.GradW2), ("b2", Net.GradB2),
            ("W3", Net.GradW3), ("b3", Net.GradB3), ("v", Net.GradV), ("c", Net.GradC));
    }

    public BenchModels.DeepModel Model { get; }
    public DeepNet Net { get; }
    public double[] X { get; }
    public double Y { get; }
    public double[] Gradient { get; }
}
