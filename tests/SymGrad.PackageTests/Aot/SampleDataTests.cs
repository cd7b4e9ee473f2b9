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
    public void CommittedFloat32ParametersAreATrainedMoonsNetwork()
    {
        var model = SampleData.NewFloat32Model();
        ParameterFile.Load(model, SampleData.Float32Parameters);

        Assert.True(Evaluation.Accuracy(model, SampleData.HeldOut) >= 0.95,
            $"The committed float32 network classifies only {Evaluation.Accuracy(model, SampleData.HeldOut):P1} of held-out moons.");
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

/// <summary>The sample applies the standardisation saved with the parameters to every row, as training did.</summary>
public sealed class StandardizedInferenceTests
{
    [Fact]
    public void Rows_are_standardised_with_the_saved_transform_before_the_model_sees_them()
    {
        var model = SampleData.NewModel();
        ParameterFile.Load(model, SampleData.Parameters);
        var standardizer = Standardizer.Create([0.5, 0.25], [0.8, 0.5]);
        using var folder = new TemporaryDirectory("symgrad-standardized");
        string path = folder.Combine("standardized.sgparams");
        ParameterFile.Save(model, path, standardizer);

        var loaded = SampleData.NewModel();
        ParameterFile.Load(loaded, path, out var saved);
        var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Predictions.Write(loaded, new StringReader("x1,x2\n1.3,0.75\n"), output, saved);

        double expected = model.Forward([(1.3 - 0.5) / 0.8, (0.75 - 0.25) / 0.5]);
        string[] row = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim().Split(',');
        Assert.Equal(expected, double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(model.Forward([1.3, 0.75]), expected); // the transform matters for this row
    }
}
