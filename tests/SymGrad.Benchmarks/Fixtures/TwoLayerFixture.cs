using SymGrad.Benchmarks.HandWritten;

namespace SymGrad.Benchmarks.Fixtures;

/// <summary>A generated TwoLayer model and its scalar and SIMD hand-written twins on the same θ and data, checked to agree.</summary>
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
        Simd = new TwoLayerSimdNet(h, d, Inputs.AlignedBlock(Model, "W"), Inputs.Block(Model, "b"), Inputs.Block(Model, "v"));
        (Xs, Ys) = Inputs.Make(examples, d);
        Gradient = new double[Model.ParameterCount];

        // Untimed check on fresh (zero) gradient buffers: all three sides must compute the same math.
        ReadOnlySpan<double> x = Xs.AsSpan(0, d);
        double forward = Model.Forward(x), loss = Model.Gradient<SquaredLoss>(x, Ys[0], Gradient);
        Agreement.Forward(workload, forward, Net.Forward(x));
        Agreement.Loss(workload, loss, Net.Gradient(x, Ys[0]));
        Agreement.Gradient(workload, Model, Gradient, ("W", Net.GradW), ("b", Net.GradB), ("v", Net.GradV));
        Agreement.Forward(workload + " SIMD", forward, Simd.Forward(x));
        Agreement.Forward(workload + " SIMD, thread-safe", forward, Simd.ForwardThreadSafe(x));
        Agreement.Loss(workload + " SIMD", loss, Simd.Gradient(x, Ys[0]));
        Agreement.Gradient(workload + " SIMD", Model, Gradient, ("W", Simd.GradW), ("b", Simd.GradB), ("v", Simd.GradV));
    }

    public int D { get; }
    public BenchModels.TwoLayerModel Model { get; }
    /// <summary>The scalar hand-written twin.</summary>
    public TwoLayerNet Net { get; }
    /// <summary>The SIMD hand-written twin (TensorPrimitives), the per-example benchmarks' baseline.</summary>
    public TwoLayerSimdNet Simd { get; }
    public double[] Xs { get; }
    public double[] Ys { get; }
    /// <summary>The generated side's gradient buffer; the hand-written net keeps its own arrays.</summary>
    public double[] Gradient { get; }
}
