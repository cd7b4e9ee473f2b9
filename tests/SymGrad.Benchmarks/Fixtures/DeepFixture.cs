using SymGrad.Benchmarks.HandWritten;

namespace SymGrad.Benchmarks.Fixtures;

/// <summary>The deep workload (D=64, three tanh layers of 64): a generated Deep model and its scalar and SIMD hand-written twins, checked to agree.</summary>
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
        Simd = new DeepSimdNet(D, H, H, H,
            Inputs.AlignedBlock(Model, "W1"), Inputs.Block(Model, "b1"),
            Inputs.AlignedBlock(Model, "W2"), Inputs.Block(Model, "b2"),
            Inputs.AlignedBlock(Model, "W3"), Inputs.Block(Model, "b3"),
            Inputs.Block(Model, "v"), Inputs.Block(Model, "c")[0]);
        (X, double[] ys) = Inputs.Make(1, D);
        Y = ys[0];
        Gradient = new double[Model.ParameterCount];

        double forward = Model.Forward(X), loss = Model.Gradient<SquaredLoss>(X, Y, Gradient);
        Agreement.Forward("deep", forward, Net.Forward(X));
        Agreement.Loss("deep", loss, Net.Gradient(X, Y));
        Agreement.Gradient("deep", Model, Gradient,
            ("W1", Net.GradW1), ("b1", Net.GradB1), ("W2", Net.GradW2), ("b2", Net.GradB2),
            ("W3", Net.GradW3), ("b3", Net.GradB3), ("v", Net.GradV), ("c", Net.GradC));
        Agreement.Forward("deep SIMD", forward, Simd.Forward(X));
        Agreement.Loss("deep SIMD", loss, Simd.Gradient(X, Y));
        Agreement.Gradient("deep SIMD", Model, Gradient,
            ("W1", Simd.GradW1), ("b1", Simd.GradB1), ("W2", Simd.GradW2), ("b2", Simd.GradB2),
            ("W3", Simd.GradW3), ("b3", Simd.GradB3), ("v", Simd.GradV), ("c", Simd.GradC));
    }

    public BenchModels.DeepModel Model { get; }
    public DeepNet Net { get; }
    public DeepSimdNet Simd { get; }
    public double[] X { get; }
    public double Y { get; }
    public double[] Gradient { get; }
}
