namespace SymGrad.Training.Tests;

public class DataTests
{
    public static TheoryData<string> Generators => new() { "moons", "circles", "spirals" };

    private static Dataset Make(string name, int seed) => name switch
    {
        "moons" => ToyDatasets.TwoMoons(101, 0.1, seed),
        "circles" => ToyDatasets.Circles(101, 0.1, seed),
        _ => ToyDatasets.Spirals(101, 0.1, seed),
    };

    [Theory]
    [MemberData(nameof(Generators))]
    public void Generators_are_seeded_balanced_and_labelled_plus_minus_one(string name)
    {
        var a = Make(name, 1);
        var b = Make(name, 1);
        var c = Make(name, 2);
        Assert.Equal(101, a.Count);
        Assert.Equal(2, a.InputLength);
        Assert.Equal(a.Inputs.SelectMany(p => p), b.Inputs.SelectMany(p => p));
        Assert.NotEqual(a.Inputs.SelectMany(p => p), c.Inputs.SelectMany(p => p));
        Assert.Equal(51, a.Targets.Count(t => t == -1));
        Assert.Equal(50, a.Targets.Count(t => t == 1));
    }

    [Fact]
    public void Circles_without_noise_lie_on_their_radii()
    {
        var data = ToyDatasets.Circles(40, noise: 0, seed: 3, factor: 0.3);
        for (int i = 0; i < data.Count; i++)
            Assert.Equal(data.Targets[i] < 0 ? 1.0 : 0.3, Math.Sqrt(data.Inputs[i][0] * data.Inputs[i][0] + data.Inputs[i][1] * data.Inputs[i][1]), 12);
    }

    [Fact]
    public void Xor_is_the_four_corners()
    {
        var xor = ToyDatasets.Xor();
        for (int i = 0; i < 4; i++) Assert.Equal(xor.Inputs[i][0] * xor.Inputs[i][1] < 0 ? 1 : -1, xor.Targets[i]);
    }

    [Fact]
    public void Split_is_seeded_disjoint_and_complete()
    {
        var data = ToyDatasets.TwoMoons(50, 0.1, seed: 1);
        var (train, validation) = data.Split(0.2, seed: 4);
        var (train2, _) = data.Split(0.2, seed: 4);
        var (train3, _) = data.Split(0.2, seed: 5);
        Assert.Equal(10, validation.Count);
        Assert.Equal(40, train.Count);
        Assert.Equal(train.Inputs, train2.Inputs);
        Assert.NotEqual(train.Inputs, train3.Inputs);
        Assert.Equal(data.Inputs.OrderBy(p => p[0]), train.Inputs.Concat(validation.Inputs).OrderBy(p => p[0]));
        for (int i = 0; i < train.Count; i++) Assert.Equal(data.Targets[Array.IndexOf(data.Inputs, train.Inputs[i])], train.Targets[i]);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(1.0, seed: 1));
    }

    [Fact]
    public void Csv_reads_features_and_target_by_name()
    {
        var data = CsvDataset.Parse("a,label,b\n1.5,1,-2\n0,-1,3e-1\n", "label");
        Assert.Equal([[1.5, -2.0], [0.0, 0.3]], data.Inputs);
        Assert.Equal([1.0, -1.0], data.Targets);
        var chosen = CsvDataset.Parse("a;label;b\n1.5;1;-2\n", "label", ["b"]);
        Assert.Equal([[-2.0]], chosen.Inputs);
    }

    [Fact]
    public void Csv_loads_a_file()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "x,y,target\n0.5,0.25,1\n");
            var data = CsvDataset.Load(path, "target");
            Assert.Equal([[0.5, 0.25]], data.Inputs);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Csv_errors_name_the_column_or_line()
    {
        Assert.Equal("targetColumn", Assert.Throws<ArgumentException>(() => CsvDataset.Parse("a,b\n1,2\n", "y")).ParamName);
        Assert.Equal("featureColumns", Assert.Throws<ArgumentException>(() => CsvDataset.Parse("a,y\n1,2\n", "y", ["z"])).ParamName);
        var bad = Assert.Throws<InvalidDataException>(() => CsvDataset.Parse("a,y\n1,2\noops,1\n", "y"));
        Assert.Contains("Line 3", bad.Message);
        Assert.Contains("'oops'", bad.Message);
        Assert.Throws<InvalidDataException>(() => CsvDataset.Parse("a,y\n", "y"));
    }
}
