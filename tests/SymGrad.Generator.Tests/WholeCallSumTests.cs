using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>
/// W·x + b written by the matrix–vector call itself (the op table's WholeAddCode), with no buffer for W·x, only where
/// nothing else reads W·x; and an activation's span kernel writing over its argument's buffer when that is its last read.
/// </summary>
public class WholeCallSumTests
{
    /// <summary>The generated method that starts with <paramref name="signature"/>, up to its closing brace.</summary>
    private static string Method(string code, string signature) => GeneratorHarness.Between(code, signature, "\n            }\n");

    [Fact]
    public void A_bias_is_added_by_the_matrix_vector_call_and_tanh_runs_in_place()
    {
        string forward = Method(GeneratorHarness.GenerateOneFile(SnapshotTests.TwoLayer), "public double Forward(");
        Assert.Contains("// t2 = W·x + b", forward);
        Assert.Contains("global::SymGrad.Kernels.MatVec(W, x, b, t2Buffer);", forward);
        Assert.DoesNotContain("t1Buffer", forward);
        Assert.DoesNotContain("lanes", forward);
        // tanh(t2) overwrites t2, its only reader: one buffer of H
        Assert.Contains("global::System.Span<double> t3Buffer = t2Buffer;", forward);
        Assert.Contains("int workspaceLength = H;", forward);
    }

    [Fact]
    public void The_bias_comes_first_or_second_and_every_layer_gets_it()
    {
        const string source = GeneratorHarness.Usings + """
            namespace Demo;

            public static partial class Nets
            {
                [Model]
                public static double Deep(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("K", "H")] Mat W2, [Shape("K")] Vec b2, [Shape("K")] Vec v)
                    => Dot(v, Tanh(b2 + W2 * Tanh(W1 * x + b1)));
            }
            """;
        string forward = Method(GeneratorHarness.GenerateOneFile(source), "public double Forward(");
        Assert.Contains("global::SymGrad.Kernels.MatVec(W1, x, b1, t2Buffer);", forward);
        Assert.Contains("global::SymGrad.Kernels.MatVec(W2, t3Buffer, b2, t5Buffer);", forward);
    }

    [Fact]
    public void A_product_that_something_else_reads_keeps_its_buffer_and_the_sum_its_loop()
    {
        const string source = GeneratorHarness.Usings + """
            namespace Demo;

            public static partial class Nets
            {
                [Model]
                public static double Shared(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
                {
                    var z = W * x;
                    return Dot(v, Tanh(z + b)) + Sum(z);
                }
            }
            """;
        string forward = Method(GeneratorHarness.GenerateOneFile(source), "public double Forward(");
        Assert.Contains("global::SymGrad.Kernels.MatVec(W, x, z", forward);
        Assert.DoesNotContain("global::SymGrad.Kernels.MatVec(W, x, b", forward);
        Assert.Contains("t1Buffer[i] = zBuffer[i] + b[i];", forward);
    }
}
