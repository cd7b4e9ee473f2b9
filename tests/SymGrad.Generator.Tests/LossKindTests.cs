using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SymGrad.Generator.Analyzers;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>SG0022: a class loss on a scalar model, or a scalar (binary) loss on a vector model, says what fits instead.</summary>
public class LossKindTests
{
    private const string Models = GeneratorHarness.Usings + """
        public static partial class Nets
        {
            [Model] public static double Binary(Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec v) => Dot(v, Tanh(W * x));
            [Model] public static Vec Classes(Vec x, [Shape("H", "D")] Mat W, [Shape("K", "H")] Mat U) => U * Tanh(W * x);
            [Loss] public static double Smoothed(Vec s, int y) => 0.9 * (LogSumExp(s) - s[y]) + 0.1 * (LogSumExp(s) - Sum(s) / s.Length);
            [Loss] public static double Cauchy(double g, double y) => Log(1 + Square(g - y));
        }
        """;

    private const string Setup = """
        var binary = new Nets.BinaryModel(H: 3, D: 2, seed: 1);
        var classes = new Nets.ClassesModel(H: 3, D: 2, K: 4, seed: 1);
        var data = Dataset.WithLabels(new[] { new[] { 0.0, 1.0 } }, new[] { 1 });
        var x = new double[2];
        var g = new double[30];
        """;

    /// <summary>The SG0022 diagnostics of a statement that uses the models, and every error of the compilation.</summary>
    private static async Task<(List<Diagnostic> Found, List<Diagnostic> Errors)> Run(string statement)
    {
        var run = GeneratorHarness.Generate(Models, $"using System; using SymGrad;\npublic static class Use {{ public static void M() {{ {Setup} {statement} }} }}");
        var analyzed = run.Output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LossKindAnalyzer()));
        var all = await analyzed.GetAllDiagnosticsAsync(TestContext.Current.CancellationToken);
        return (all.Where(d => d.Id == "SG0022").ToList(), all.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
    }

    private static async Task<List<Diagnostic>> Analyze(string statement) => (await Run(statement)).Found;

    private static string Spanned(Diagnostic d) => d.Location.SourceTree!.GetText(TestContext.Current.CancellationToken).ToString(d.Location.SourceSpan);

    [Theory]
    [InlineData("Sgd.Train<SoftmaxCrossEntropy>(binary, data, new SgdOptions());", "SoftmaxCrossEntropy", "BinaryModel")]
    [InlineData("binary.Gradient<MulticlassHinge>(x, 1, g);", "MulticlassHinge", "BinaryModel")]
    [InlineData("binary.Gradient<VectorSquaredLoss>(x, 1, g);", "VectorSquaredLoss", "BinaryModel")]
    [InlineData("binary.Gradient<Nets.SmoothedLoss>(x, 1, g);", "Nets.SmoothedLoss", "BinaryModel")]
    [InlineData("Evaluation.MeanLoss<SoftmaxCrossEntropy>(binary, data);", "SoftmaxCrossEntropy", "BinaryModel")]
    [InlineData("RandomRestarts.Train<Nets.BinaryModel, SoftmaxCrossEntropy>(s => binary, 2, data, data, new SgdOptions());", "SoftmaxCrossEntropy", "BinaryModel")]
    public async Task A_class_loss_on_a_scalar_model_is_reported_at_the_loss(string statement, string loss, string model)
    {
        var found = Assert.Single(await Analyze(statement));
        Assert.Equal(DiagnosticSeverity.Error, found.Severity);
        Assert.Equal(loss, Spanned(found));
        string message = found.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"'{model}' returns one score", message);
        Assert.Contains("use LogisticLoss or HingeLoss for ±1 labels, SquaredLoss for real targets", message);
        Assert.EndsWith("docs/diagnostics.md#sg0022", found.Descriptor.HelpLinkUri);
    }

    // The third column: whether the call has an overload taking a target-vector loss, so the message may offer VectorSquaredLoss.
    [Theory]
    [InlineData("Sgd.Train<LogisticLoss>(classes, data, new SgdOptions());", "LogisticLoss", false)]
    [InlineData("Sgd.Train<HingeLoss>(classes, data, new SgdOptions());", "HingeLoss", false)]
    [InlineData("classes.Gradient<SquaredLoss>(x, 2, g);", "SquaredLoss", true)]
    [InlineData("classes.Gradient<Nets.CauchyLoss>(x, 2, g);", "Nets.CauchyLoss", true)]
    [InlineData("classes.GradientFactored<LogisticLoss>(x, 2, g, g);", "LogisticLoss", false)]
    [InlineData("ClassEvaluation.MeanLoss<LogisticLoss>(classes, data);", "LogisticLoss", false)]
    [InlineData("HyperparameterSearch.RunClassifier<Nets.ClassesModel, HingeLoss>(Hyperparameters.Grid([0.1], [2], [1.0], [0.0], [1]), (p, s) => classes, data, data, new SgdOptions());", "HingeLoss", false)]
    public async Task A_scalar_or_binary_loss_on_a_vector_model_is_reported_at_the_loss(string statement, string loss, bool targetVectors)
    {
        var found = Assert.Single(await Analyze(statement));
        Assert.Equal(loss, Spanned(found));
        string message = found.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'ClassesModel' returns a vector of K scores", message);
        Assert.Contains("SoftmaxCrossEntropy or MulticlassHinge", message);
        Assert.Equal(targetVectors, message.Contains("VectorSquaredLoss", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sgd.Train<LogisticLoss>(binary, data, new SgdOptions());")]
    [InlineData("Sgd.Train<SoftmaxCrossEntropy>(classes, data, new SgdOptions());")]
    [InlineData("classes.Gradient<Nets.SmoothedLoss>(x, 2, g); binary.Gradient<Nets.CauchyLoss>(x, 1.0, g);")]
    [InlineData("RandomRestarts.TrainClassifier<Nets.ClassesModel, MulticlassHinge>(s => classes, 2, data, data, new SgdOptions());")]
    public async Task A_loss_that_fits_its_model_is_not_reported(string statement)
    {
        var (found, errors) = await Run(statement);
        Assert.Empty(found);
        Assert.Empty(errors);
    }
}
