using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>The generated code for the lecture's networks, compared with committed, reviewed snapshots.</summary>
public class SnapshotTests
{
    public const string TwoLayer = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class Nets
        {
            // f(x) = v · tanh(Wx + b)
            [Model]
            public static double TwoLayer(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
                => Dot(v, Tanh(W * x + b));
        }
        """;

    public const string RbfVector = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class Nets
        {
            // f(x) = Σ_h v[h] · exp(−γ[h] · ‖x − w_h‖²), vector form
            [Model]
            public static double Rbf(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
                => Dot(v, Exp(-gamma * SqDist(W, x)));
        }
        """;

    public const string RbfIndexed = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class Nets
        {
            // f(x) = Σ_h v[h] · exp(−γ[h] · ‖x − w_h‖²), index-sum form: the same graph as the vector form
            [Model]
            public static double RbfIndexed(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
                => Sum(W.Rows, h => v[h] * Exp(-gamma[h] * SqDist(W[h], x)));
        }
        """;

    public const string CustomDerivative = GeneratorHarness.Usings + """
        using System;

        namespace Demo;

        public static partial class Nets
        {
            [Derivative(nameof(SoftplusDerivative))]
            public static double Softplus(double a) => Math.Log(1 + Math.Exp(a));
            public static double SoftplusDerivative(double a) => 1 / (1 + Math.Exp(-a));

            [Model]
            public static double SoftplusNet(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
                => Sum(v.Length, h => v[h] * Softplus(Dot(W[h], x) + b[h]));
        }
        """;

    public const string UserLoss = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class Losses
        {
            // The Cauchy loss log(1 + (y − g)²)
            [Loss]
            public static double Cauchy(double g, double y) => Log(1 + Square(y - g));
        }
        """;

    public const string ThreeLayer = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class Nets
        {
            [Model]
            public static double ThreeLayer(Vec x,
                [Shape("H1", "D")] Mat W1, [Shape("H1")] Vec b1,
                [Shape("H2", "H1")] Mat W2, [Shape("H2")] Vec b2,
                [Shape("H2")] Vec v, double c)
            {
                var h1 = Tanh(W1 * x + b1);
                var h2 = Tanh(W2 * h1 + b2);
                return Dot(v, h2) + c;
            }
        }
        """;

    public const string Conditional = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class Nets
        {
            // Two experts chosen by the sign of the features' sum; a hinge on each input entry.
            [Model]
            public static double Gated(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v, [Shape("H")] Vec u, [Shape("D")] Vec a)
            {
                var h = Tanh(W * x);
                return (Sum(x) > 0 ? Dot(v, h) : Dot(u, h)) + Sum(x.Length, d => x[d] < 0 ? a[d] * x[d] : 0.0);
            }
        }
        """;

    public const string TenClassMlp = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class Nets
        {
            // s = W2 · tanh(W1 x + b1) + b2: ten class scores
            [Model]
            public static Vec Classifier(Vec x, [Shape("H", "D")] Mat W1, [Shape("H")] Vec b1, [Shape("10", "H")] Mat W2, [Shape("10")] Vec b2)
                => W2 * Tanh(W1 * x + b1) + b2;
        }
        """;

    public const string ClassLoss = GeneratorHarness.Usings + """
        namespace Demo;

        public static partial class Losses
        {
            // Label-smoothed cross-entropy, ε = 0.1
            [Loss]
            public static double Smoothed(Vec s, int y) => 0.9 * (LogSumExp(s) - s[y]) + 0.1 * (LogSumExp(s) - Sum(s) / s.Length);
        }
        """;

    /// <summary>
    /// A float32 class: the same templates with float spans, MathF, f-suffixed literals and float kernels; the loss stays
    /// double and its derivative, like the custom function's double result, is narrowed back.
    /// </summary>
    public const string Float32 = GeneratorHarness.Usings + """
        using System;

        namespace Demo;

        public static partial class Nets
        {
            [Derivative(nameof(SoftplusDerivative))]
            public static double Softplus(double a) => Math.Log(1 + Math.Exp(a));
            public static double SoftplusDerivative(double a) => 1 / (1 + Math.Exp(-a));

            [Model(Precision = Precision.Float32)]
            public static double Gated(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v, double c)
                => Sum(x) > 0 ? Dot(v, Tanh(W * x + b)) : c * Sum(v.Length, h => v[h] * Softplus(Dot(W[h], x))) + 0.5;
        }
        """;

    [Fact]
    public void Float32_model() => VerifyOnlySource(Float32);

    /// <summary>
    /// The ten-class MLP's float32 class: float spans and kernels throughout, IVectorModel&lt;float&gt;, and the class loss
    /// reached through the runtime's WideningLoss (double loss on widened scores, ∂L/∂s narrowed back).
    /// </summary>
    [Fact]
    public void Float32_ten_class_mlp() => VerifyOnlySource(TenClassMlp.Replace("[Model]", "[Model(Precision = Precision.Float32)]"));

    [Fact]
    public void Ten_class_mlp() => VerifyOnlySource(TenClassMlp);

    [Fact]
    public void Label_smoothed_class_loss() => VerifyOnlySource(ClassLoss);

    [Fact]
    public void TwoLayer_network() => VerifyOnlySource(TwoLayer);

    [Fact]
    public void Conditional_on_the_input() => VerifyOnlySource(Conditional);

    [Fact]
    public void Rbf_network_in_vector_form() => VerifyOnlySource(RbfVector);

    [Fact]
    public void Rbf_network_in_index_sum_form() => VerifyOnlySource(RbfIndexed);

    [Fact]
    public void Custom_derivative() => VerifyOnlySource(CustomDerivative);

    [Fact]
    public void User_written_loss() => VerifyOnlySource(UserLoss);

    [Fact]
    public void Three_layer_network_with_locals() => VerifyOnlySource(ThreeLayer);

    private static void VerifyOnlySource(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Generate(source);
        Assert.Empty(run.SymGradDiagnostics);
        Assert.Empty(run.CompilationProblems);
        var generated = Assert.Single(run.Sources);
        Snapshot.Verify(generated.SourceText.ToString(), generated.HintName, test: test);
    }
}
