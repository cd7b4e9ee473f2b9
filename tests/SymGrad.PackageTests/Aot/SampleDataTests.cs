using Inference;

namespace SymGrad.PackageTests;

/// <summary>The sample's committed files still load with today's runtime and hold a trained network, not noise.</summary>
public sealed class SampleDataTests
{
    [Fact]
    public void CommittedParametersAreATrainedMoonsNetwork()
    {
        if (Environment.GetEnvironmentVariable("SYMGRAD_WRITE_SAMPLE_DATA") == "1") SampleData.Write();

        var model = SampleData.NewModel();
        ParameterFile.Load(model, SampleData.Parameters);

        Assert.True(Evaluation.Accuracy(model, SampleData.HeldOut) >= 0.95,
            $"The committed network classifies only {Evaluation.Accuracy(model, SampleData.HeldOut):P1} of held-out moons.");
    }

    [Fact]
    public void CommittedRowsAreSixteenPairsOfFeatures()
    {
        var model = SampleData.NewModel();
        using var rows = new StreamReader(SampleData.Rows);
        int count = Predictions.Write(model, rows, TextWriter.Null);
        Assert.Equal(16, count);
    }
}
