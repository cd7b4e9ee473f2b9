using System.Runtime.Intrinsics;

namespace SymGrad.Tests;

/// <summary>
/// The in-product minibatch step (<see cref="FactoredMinibatchSteps"/>) writes the factored blocks only after the other
/// blocks' dense step has succeeded: a step whose factored part the bounds prove finite but whose dense part would
/// overflow changes nothing. Training cannot easily reach that case (the first step of an epoch is always dense), so
/// the step is driven directly.
/// </summary>
public class FactoredStepOrderTests
{
    [Fact]
    public void A_step_whose_dense_blocks_would_overflow_writes_no_factored_block()
    {
        Assert.SkipUnless(Vector512.IsHardwareAccelerated, "the in-product step is taken only with 512-bit vectors");
        const int H = 16, D = 67, Rows = 4;
        var model = new Models.TwoLayerModel(H: H, D: D, seed: 3);
        var scale = model.Parameters;
        for (int k = 0; k < H * D; k++) scale[k] *= 20; // tanh(W·x) near ±1, so v̄ = Σ t̄·tanh(W·x) is large
        // A tiny v: W̄ = [t̄ v ⊙ (1 − h²)]ᵀ X is about 10⁻²⁸⁸, so its step η·s·W̄ (about 10²⁰ at most) is proved finite,
        // while v's own step η·s·v̄ overflows.
        model.v.Fill(1e-290);
        var random = new Random(5);
        var data = new Dataset([.. Enumerable.Range(0, Rows).Select(_ => Enumerable.Range(0, D).Select(_ => random.NextDouble() * 2 - 1).ToArray())],
            [100, -100, 100, -100]);
        var gradients = new ScalarGradients<SquaredLoss>(model, data);
        var segments = model.Blocks.Select(b => new Segment(b.Offset, b.Length, b.IsMatrix)).ToArray();
        var scratch = gradients.CreateScratch(Rows, D);
        using var steps = Assert.IsType<FactoredMinibatchSteps>(gradients.FactoredMinibatchSteps(segments, scratch, Rows));
        var gradient = new double[model.ParameterCount];
        var state = new OptimizerState(model.ParameterCount, 0) { MaximaKnown = true, ThetaMax = 100 };
        double[] before = model.Parameters.ToArray();

        steps.Gradient([0, 1, 2, 3], gradient);
        var squares = new double[segments.Length];
        var input = new StepInput
        {
            Theta = model.Parameters, Gradient = gradient, Segments = segments, GradientScale = 1.0 / Rows,
            LearningRate = 1e308, Shrink = 1, BlockSquares = squares,
        };
        bool stepped = steps.TryStep(ref input, state);

        Assert.False(stepped);
        Assert.Equal(before.Select(BitConverter.DoubleToInt64Bits), model.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
        Assert.All(squares, s => Assert.Equal(0.0, s)); // a refused step reports no norms
        scratch.Return();
    }
}
