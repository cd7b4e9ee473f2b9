using SymGrad.Benchmarks.HandWritten;

namespace SymGrad.Benchmarks.Fixtures;

/// <summary>The rbf workload (D=2, H=32): a generated Rbf model and its hand-written twin, checked to agree.</summary>
internal sealed class RbfFixture
{
    private const int H = 32, D = 2;

    public RbfFixture()
    {
        Model = new BenchModels.RbfModel(H: H, D: D, seed: 0);
        Net = new RbfNet(H, D, Inputs.Block(Model, "W"), Inputs.Block(Model, "gamma"), Inputs.Block(Model, "v"));
        (X, double[] ys) = Inputs.Make(1, D);
        Y = ys[0];
        Gradient = new double[Model.ParameterCount];

        Agreement.Forward("rbf", Model.Forward(X), Net.Forward(X));
        Agreement.Loss("rbf", Model.Gradient<SquaredLoss>(X, Y, Gradient), Net.Gradient(X, Y));
        Agreement.Gradient("rbf", Model, Gradient, ("W", Net.GradW), ("gamma", Net.GradGamma), ("v", Net.GradV));
    }

    public BenchModels.RbfModel Model { get; }
    public RbfNet Net { get; }
    public double[] X { get; }
    public double Y { get; }
    public double[] Gradient { get; }
}
