using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>Names of generated locals in graphs the property tests found hard.</summary>
public class NodeNamingTests
{
    /// <summary>
    /// Found by the Sign property test (seed 1856404190111220197, case 125): an adjoint among Forward's and Gradient's
    /// nodes whose value is not (a dead branch and an unused local) was named before its value had a name, and the
    /// generator failed with SG0099 (NullReferenceException).
    /// </summary>
    [Fact]
    public void An_adjoint_is_named_even_when_its_value_is_numbered_later()
    {
        const string source = GeneratorHarness.Usings + """
            using System;
            public static partial class Nets
            {
                [Derivative(nameof(GaussPrime))] public static double Gauss(double a) => Math.Exp(-0.5 * a * a);
                public static double GaussPrime(double a, double g) => -a * g;
                [Model]
                public static double M([Shape("D")] Vec x, [Shape("M")] Vec v0, [Shape("2")] Vec v1, [Shape("2")] Vec v2, double c3, [Shape("M")] Vec v4)
                {
                    Vec h0 = v0;
                    var s1 = Gauss(Relu(((Dot(v1, v2) == 0.3 ? (-1.5) : (1.5 + c3)) + 2)));
                    return (0.5 > 0.45 ? (Sqrt(0.5 - 0.45) * Dot(Ops.Sigmoid(Tanh(h0)), v4)) : Dot((-(h0 / (0.25 - 1))), h0));
                }
            }
            """;
        var run = GeneratorHarness.Generate(source);
        Assert.DoesNotContain(run.SymGradDiagnostics, d => d.Id == "SG0099");
        Assert.Empty(run.CompilationProblems);
    }

    /// <summary>The span of θ that the parameter views are cut from yields its name to a parameter called theta.</summary>
    [Fact]
    public void A_parameter_named_theta_keeps_its_name_and_the_span_of_all_parameters_takes_another()
    {
        const string source = GeneratorHarness.Usings + """
            public static partial class Nets
            {
                [Model]
                public static double M(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec theta) => Dot(theta, Tanh(W * x));
            }
            """;
        var run = GeneratorHarness.Generate(source);
        Assert.Empty(run.CompilationProblems);
        string code = Assert.Single(run.Sources).SourceText.ToString();
        Assert.Contains("global::System.ReadOnlySpan<double> theta_2 = new(_theta, _thetaStart, _parameterCount);", code);
        Assert.Contains("global::System.ReadOnlySpan<double> theta = theta_2.Slice(_offset_theta, H);", code);
    }
}
