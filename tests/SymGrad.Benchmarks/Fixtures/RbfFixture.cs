using SymGrad.Benchmarks.HandWritten;

namespace SymGrad.Benchmarks.Fixtures;

/// <summary>The rbf workload (D=2, H=32): a generated Rbf model and its scalar and SIMD hand-written twins, checked to agree.</summary>
internal sealed class RbfFixture
{
    private const int H = 32, D = 2;

    public RbfFixture()
    {
        Model = new BenchModels.RbfModel(H: H, D: D, seed: 0);
        Net = new RbfNet(H, D, Inputs.Block(Model, "W"), Inputs.Block(Model, "gamma"), Inputs.Block(Model, "v"));
        Simd = new RbfSimdNet(H, D, Inputs.Block(Model, "W"), Inputs.Block(Model, "gamma"), Inputs.Block(Model, "v"));
        (X, double[] ys) = Inputs.Make(1, D);
        Y = ys[0];
        Gradient = new double[Model.ParameterCount];

        double forward = Model.Forward(X), loss = Model.Gradient<SquaredLoss>(X, Y, Gradient);
        Agreement.Forward("rbf", forward, Net.Forward(X));
        Agreement.Loss("rbf", loss, Net.Gradient(X, Y));
        Agreement.Gradient("rbf", Model, Gradient, ("W", Net.GradW), ("gamma", Net.GradGamma), ("v", Net.GradV));
        Agreement.Forward("rbf SIMD", forward, Simd.Forward(X));
        Agreement.Loss("rbf SIMD", loss, Simd.Gradient(X, Y));
        Agreement.Gradient("rbf SIMD", Model, Gradient, ("W", Simd.GradW), ("gamma", Simd.GradGamma), ("v", Simd.GradV));
    }

    public BenchModels.RbfModel Model { get; }
    public RbfNet Net { get; }
    public RbfSimdNet Simd { get; }
    public double[] X { get; }
    public double Y { get; }
    public double[] Gradient { get; }
}
