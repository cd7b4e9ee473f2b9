using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

/// <summary>
/// Feature standardisation: fitted on the training set only, applied unchanged to every other set, and saved in the
/// parameter file so inference cannot forget it; older files without one still load.
/// </summary>
public sealed class StandardizerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symgrad-standardizer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Dataset Data(params double[][] inputs) => new(inputs, [.. inputs.Select((_, i) => i % 2 == 0 ? 1.0 : -1.0)]);

    [Fact]
    public void Fit_measures_the_training_set_and_apply_maps_it_to_mean_0_deviation_1()
    {
        var train = Data([1, 10, 5], [3, 30, 5], [5, 50, 5]);
        var standardizer = Standardizer.Fit(train);
        Assert.Equal([3.0, 30.0, 5.0], standardizer.Means);
        Assert.Equal(Math.Sqrt(8.0 / 3), standardizer.Deviations[0], 15);
        Assert.Equal(10 * Math.Sqrt(8.0 / 3), standardizer.Deviations[1], 13);
        Assert.Equal(1.0, standardizer.Deviations[2]); // constant: centred only, never divided by 0

        var scaled = standardizer.Apply(train);
        for (int j = 0; j < 2; j++)
        {
            var column = scaled.Inputs.Select(x => x[j]).ToArray();
            Assert.Equal(0.0, column.Average(), 14);
            Assert.Equal(1.0, Math.Sqrt(column.Select(z => z * z).Average()), 14);
        }
        Assert.All(scaled.Inputs, x => Assert.Equal(0.0, x[2]));
        Assert.Equal(train.Targets, scaled.Targets);
        Assert.Equal([1.0, 10, 5], train.Inputs[0]); // the original is unchanged
    }

    [Fact]
    public void Other_sets_get_the_training_transform_not_their_own()
    {
        var standardizer = Standardizer.Fit(Data([0, 0], [2, 4]));
        var test = standardizer.Apply(Data([1, 2], [4, 10]));
        Assert.Equal([[0.0, 0.0], [3.0, 4.0]], test.Inputs);
        Span<double> x = stackalloc double[] { 4, 10 };
        standardizer.Apply(x, x);
        Assert.Equal(3.0, x[0]);
        Assert.Equal(4.0, x[1]);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => standardizer.Apply(Data([1, 2, 3]))).ParamName);
    }

    [Fact]
    public void Standardised_features_train_where_raw_ones_of_very_different_scales_do_not()
    {
        // Two moons measured in other units: x₁ in thousandths around 5000, x₂ in thousands.
        static Dataset Rescale(Dataset d) => new([.. d.Inputs.Select(x => new[] { 5000 + 1000 * x[0], 0.001 * x[1] })], d.Targets);
        var (train, test) = Rescale(ToyDatasets.TwoMoons(400, 0.1, seed: 3)).Split(0.25, seed: 4);
        var options = new SgdOptions { LearningRate = 0.05, Epochs = 60, BatchSize = 4, Seed = 1 };

        var standardizer = Standardizer.Fit(train);
        var net = Recipes.TwoLayer(seed: 1, hidden: 16);
        Sgd.Train(net, standardizer.Apply(train), options);
        double standardised = Evaluation.Accuracy(net, standardizer.Apply(test));

        var raw = Recipes.TwoLayer(seed: 1, hidden: 16);
        double rawAccuracy;
        try { Sgd.Train(raw, train, options); rawAccuracy = Evaluation.Accuracy(raw, test); }
        catch (TrainingDivergedException) { rawAccuracy = 0; }

        Assert.True(standardised >= 0.95, $"standardised: {standardised:P1}");
        Assert.True(rawAccuracy < 0.9, $"raw: {rawAccuracy:P1} (the test's premise is that raw features of these scales train badly)");
    }

    [Fact]
    public void The_standardisation_is_saved_with_the_parameters_and_comes_back()
    {
        var net = Recipes.TwoLayer(seed: 1, hidden: 3);
        var standardizer = Standardizer.Create([5000, -2.5], [1000, 0.001]);
        string path = Path.Combine(_folder, "net.sgp");
        ParameterFile.Save(net, path, standardizer);

        var loaded = Recipes.TwoLayer(seed: 2, hidden: 3);
        ParameterFile.Load(loaded, path, out var back);
        Theta.AssertBitIdentical(Theta.Of(net), Theta.Of(loaded));
        Assert.NotNull(back);
        Assert.Equal(standardizer.Means, back.Means);
        Assert.Equal(standardizer.Deviations, back.Deviations);
    }

    [Fact]
    public void A_file_with_a_standardisation_is_refused_by_the_load_that_would_drop_it()
    {
        var net = Recipes.TwoLayer(seed: 1, hidden: 3);
        string path = Path.Combine(_folder, "net.sgp");
        ParameterFile.Save(net, path, Standardizer.Create([0, 0], [2, 2]));
        var target = Recipes.TwoLayer(seed: 2, hidden: 3);
        var before = Theta.Of(target);
        var error = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(target, path));
        Assert.Contains("ParameterFile.Load(model, path, out var standardizer)", error.Message);
        Theta.AssertBitIdentical(before, Theta.Of(target));
    }

    [Fact]
    public void A_file_without_one_loads_either_way()
    {
        var net = Recipes.TwoLayer(seed: 1, hidden: 3);
        string path = Path.Combine(_folder, "net.sgp");
        ParameterFile.Save(net, path);
        var target = Recipes.TwoLayer(seed: 2, hidden: 3);
        ParameterFile.Load(target, path, out var standardizer);
        Assert.Null(standardizer);
        Theta.AssertBitIdentical(Theta.Of(net), Theta.Of(target));
    }

    [Fact]
    public void A_standardisation_of_another_length_is_refused_before_anything_is_written()
    {
        string path = Path.Combine(_folder, "net.sgp");
        var error = Assert.Throws<ArgumentException>(() =>
            ParameterFile.Save(Recipes.TwoLayer(seed: 1, hidden: 3), path, Standardizer.Create([0, 0, 0], [1, 1, 1])));
        Assert.Equal("standardizer", error.ParamName);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_version_2_file_written_before_standardisation_existed_still_loads()
    {
        var net = new Models.LinearModel(D: 2, seed: 0);
        double[] theta = [0.5, -1.25, 3];
        string path = Path.Combine(_folder, "old.sgp");
        File.WriteAllBytes(path, Version2File("SymGrad.Training.Tests.Models.Linear", inputLength: 2, [("w", 0, 2, 1), ("c", 2, 1, 1)], theta));

        ParameterFile.Load(net, path);
        Assert.Equal(theta, Theta.Of(net));
        ParameterFile.Load(net, path, out var standardizer);
        Assert.Null(standardizer);
    }

    [Fact]
    public void The_version_4_header_is_as_documented()
    {
        var net = new Models.LinearModel(D: 2, seed: 0);
        string plain = Path.Combine(_folder, "plain.sgp"), standardised = Path.Combine(_folder, "standardised.sgp");
        ParameterFile.Save(net, plain);
        ParameterFile.Save(net, standardised, Standardizer.Create([1, 2], [3, 4]));
        byte[] a = File.ReadAllBytes(plain), b = File.ReadAllBytes(standardised);

        Assert.Equal(new byte[] { 4, 0 }, a[8..10]);
        // magic 8 + version 2 + name 38 + input length 4 + block count 4 + blocks 2 × 15 = 86, then the transform byte.
        Assert.Equal(0, a[86]);
        Assert.Equal(1, b[86]);
        Assert.Equal(86 + 1 + 1 + 4 + 3 * 8 + 32, a.Length); // transform, element type, count, θ, SHA-256
        Assert.Equal(a.Length + 2 * 2 * 8, b.Length); // two means and two deviations
        Assert.Equal([1.0, 2, 3, 4], Enumerable.Range(0, 4).Select(k => BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(87 + 8 * k))));
    }

    [Fact]
    public void A_damaged_transform_byte_is_refused()
    {
        var net = new Models.LinearModel(D: 2, seed: 0);
        string path = Path.Combine(_folder, "net.sgp");
        ParameterFile.Save(net, path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[86] = 7;
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32)); // a valid checksum over the bad byte
        File.WriteAllBytes(path, bytes);
        Assert.Contains("header is not valid", Assert.Throws<InvalidDataException>(() => ParameterFile.Load(net, path)).Message);
    }

    /// <summary>A file in the version 2 layout of docs/parameter-format.md, written field by field.</summary>
    private static byte[] Version2File(string model, int inputLength, (string Name, int Offset, int Rows, int Columns)[] blocks, double[] theta)
    {
        var bytes = new List<byte>();
        void Int16(int v) => bytes.AddRange(BitConverter.GetBytes((ushort)v));
        void Int32(int v) => bytes.AddRange(BitConverter.GetBytes(v));
        void Text(string s) { Int16(Encoding.UTF8.GetByteCount(s)); bytes.AddRange(Encoding.UTF8.GetBytes(s)); }
        bytes.AddRange("SGPARAMS"u8.ToArray());
        Int16(2);
        Text(model);
        Int32(inputLength);
        Int32(blocks.Length);
        foreach (var (name, offset, rows, columns) in blocks) { Text(name); Int32(offset); Int32(rows); Int32(columns); }
        Int32(theta.Length);
        foreach (double t in theta) bytes.AddRange(BitConverter.GetBytes(t));
        bytes.AddRange(SHA256.HashData(bytes.ToArray()));
        return [.. bytes];
    }
}
