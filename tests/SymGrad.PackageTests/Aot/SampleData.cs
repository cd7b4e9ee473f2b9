using System.Globalization;
using Inference;

namespace SymGrad.PackageTests;

/// <summary>
/// The files committed in samples/Inference/data: a two-layer network trained on the two-moons data, the same network
/// trained in float32 (the float32 class, from the same start), and 16 rows of that data to predict. SampleDataTests
/// rewrites them when SYMGRAD_WRITE_SAMPLE_DATA=1.
/// </summary>
internal static class SampleData
{
    public static string Parameters => Repository.PathOf("samples", "Inference", "data", "moons.sgparams");

    public static string Float32Parameters => Repository.PathOf("samples", "Inference", "data", "moons.float32.sgparams");

    public static string Rows => Repository.PathOf("samples", "Inference", "data", "rows.csv");

    /// <summary>Held-out moons the committed network must classify well (not the data it was trained on).</summary>
    public static Dataset HeldOut => ToyDatasets.TwoMoons(400, noise: 0.1, seed: 99);

    public static Nets.TwoLayerModel NewModel() => new(H: Nets.Hidden, D: Nets.Features, seed: 0);

    public static Nets.TwoLayerModelFloat32 NewFloat32Model() => new(H: Nets.Hidden, D: Nets.Features, seed: 0);

    public static void Write()
    {
        var train = ToyDatasets.TwoMoons(400, noise: 0.1, seed: 7);
        var options = new SgdOptions { LearningRate = 0.05, Epochs = 300, BatchSize = 8, Seed = 7 };
        var model = NewModel();
        model.Initialize(seed: 1, scale: 1.0);
        Sgd.Train(model, train, options);
        ParameterFile.Save(model, Parameters);
        var narrow = NewFloat32Model();
        narrow.Initialize(seed: 1, scale: 1.0);
        Sgd.Train(narrow, train, options);
        ParameterFile.Save(narrow, Float32Parameters);

        var rows = ToyDatasets.TwoMoons(16, noise: 0.1, seed: 11);
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        text.WriteLine("x1,x2");
        foreach (var x in rows.Inputs) text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{x[0]:R},{x[1]:R}"));
        File.WriteAllText(Rows, text.ToString());
    }
}
