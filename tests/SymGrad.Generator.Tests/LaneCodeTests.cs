using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>
/// Which elementwise loops run over Vector&lt;T&gt; lanes: those whose every op has a lane form in the op table, per example
/// and per minibatch row; a loop with an op that has none (a user's derivative) stays scalar, as it was.
/// </summary>
public class LaneCodeTests
{
    [Fact]
    public void Elementwise_loops_run_over_lanes_then_a_scalar_tail()
    {
        string gradient = GeneratorHarness.Between(GeneratorHarness.GenerateOneFile(SnapshotTests.TwoLayer), "public double Gradient<TLoss>", "public global::System.Collections.Generic.IReadOnlyList");
        Assert.Contains("int lanes = global::System.Numerics.Vector<double>.Count;", gradient);
        // t̄2 = t̄3 ⊙ (1 − t3 ⊙ t3): lanes, then the tail with the scalar statement
        Assert.Contains("for (int i = 0; i <= H - lanes; i += lanes)", gradient);
        Assert.Contains("global::System.Numerics.Vector<double> t2Bar = t3Bar * (global::SymGrad.Lanes.Of(1.0) - global::SymGrad.Lanes.Load(t3Buffer, i) * global::SymGrad.Lanes.Load(t3Buffer, i));", gradient);
        Assert.Contains("for (int i = H - H % lanes; i < H; i++)", gradient);
        Assert.Contains("double t2Bar = t3Bar * (1.0 - t3Buffer[i] * t3Buffer[i]);", gradient);
        // The backward loop: t̄4 spread over the lanes, sinks added lane by lane
        Assert.Contains("global::System.Numerics.Vector<double> t3Bar = global::SymGrad.Lanes.Of(t4Bar) * global::SymGrad.Lanes.Load(v, i);", gradient);
        Assert.Contains("global::SymGrad.Lanes.AddTo(bBar, i, t2Bar);", gradient);
        // W̄ += t̄2 xᵀ is a kernel call per row: its own loop, reading t̄2 from a buffer
        Assert.Contains("global::SymGrad.Kernels.AddScaled(WBar.Slice(i * D, D), t2BarBuffer[i], x);", gradient);
    }

    [Fact]
    public void A_vector_that_only_feeds_a_row_call_is_computed_in_the_row_loop_without_a_buffer()
    {
        string input = GeneratorHarness.Between(GeneratorHarness.GenerateOneFile(SnapshotTests.TwoLayer), "public void InputGradient", "\n            }\n");
        // t12 = v ⊙ (1 − t3 ⊙ t3) is read only by t13 = Wᵀt12: each entry goes straight into its row's call
        Assert.Contains("global::SymGrad.Kernels.AddScaled(t13Buffer, v[i] * (1.0 - t3Buffer[i] * t3Buffer[i]), W.Slice(i * D, D));", input);
        Assert.DoesNotContain("t12Buffer", input);
        Assert.Contains("int workspaceLength = H + D;", input);
        // (A lane-wise vector with another reader keeps its buffer: t̄2 in Gradient, checked in the first test.)
    }

    [Fact]
    public void A_row_feed_waits_for_the_other_value_its_row_call_reads_and_goes_inline()
    {
        // t8 = 1 − t3 ⊙ t3 feeds W1ᵀ(t15 ⊙ t8) only, and t15 = W2ᵀs̄ comes later: t8 is scheduled into that row loop, not before it.
        string input = GeneratorHarness.Between(GeneratorHarness.GenerateOneFile(SnapshotTests.TenClassMlp), "public void InputGradient", "\n            }\n");
        Assert.Contains("global::SymGrad.Kernels.AddScaled(t17Buffer, t15Buffer[i] * (1.0 - t3Buffer[i] * t3Buffer[i]), W1.Slice(i * D, D));", input);
        Assert.DoesNotContain("t8Buffer", input);
        Assert.True(input.IndexOf("t15Buffer.Clear();", StringComparison.Ordinal) < input.IndexOf("(1.0 - t3Buffer[i] * t3Buffer[i])", StringComparison.Ordinal));
    }

    [Fact]
    public void A_minibatch_row_runs_over_lanes_with_row_scalars_spread_and_parameters_loaded()
    {
        string batch = GeneratorHarness.GradientBatchOf(GeneratorHarness.GenerateOneFile(SnapshotTests.TwoLayer));
        Assert.Contains("for (int i = 0; i <= H - lanes; i += lanes) global::SymGrad.Lanes.Store(t2BarBlock, r * H + i, "
            + "global::SymGrad.Lanes.Of(t4BarBlock[r]) * global::SymGrad.Lanes.Load(v, i) * (global::SymGrad.Lanes.Of(1.0) - "
            + "global::SymGrad.Lanes.Load(t3Block, r * H + i) * global::SymGrad.Lanes.Load(t3Block, r * H + i)));", batch);
        Assert.Contains("for (int i = H - H % lanes; i < H; i++) t2BarBlock[r * H + i] = t4BarBlock[r] * v[i] * (1.0 - t3Block[r * H + i] * t3Block[r * H + i]);", batch);
    }

    [Fact]
    public void A_loop_with_a_users_derivative_stays_scalar()
    {
        string code = GeneratorHarness.GenerateOneFile(SnapshotTests.CustomDerivative);
        string gradient = GeneratorHarness.Between(code, "public double Gradient<TLoss>", "public global::System.Collections.Generic.IReadOnlyList");
        string backward = gradient[gradient.IndexOf("double t4Bar", StringComparison.Ordinal)..];
        Assert.DoesNotContain("global::SymGrad.Lanes", backward);
        Assert.Contains("double t2Bar = t3Bar * global::Demo.Nets.SoftplusDerivative(t2Buffer[i]);", backward);
        // The row call stays in the same (scalar) loop: no buffer for t̄2
        Assert.Contains("global::SymGrad.Kernels.AddScaled(WBar.Slice(i * D, D), t2Bar, x);", backward);
        string batch = GeneratorHarness.GradientBatchOf(code);
        Assert.Contains("t3Block[r * H + i] = global::Demo.Nets.Softplus(t2Block[r * H + i]);", batch);
        Assert.DoesNotContain("Lanes.Store(t3Block", batch);
    }

    [Fact]
    public void Float32_lanes_are_vectors_of_float()
    {
        string code = GeneratorHarness.GenerateOneFile(SnapshotTests.Float32);
        Assert.Contains("int lanes = global::System.Numerics.Vector<float>.Count;", code);
        Assert.Contains("global::SymGrad.Lanes.Of(1.0f)", code);
        Assert.DoesNotContain("Vector<double>", code[code.IndexOf("ModelFloat32", StringComparison.Ordinal)..]);
    }
}
