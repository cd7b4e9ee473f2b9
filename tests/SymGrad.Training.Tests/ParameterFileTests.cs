using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public sealed class ParameterFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symgrad-params-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string Saved(IModel model, string name = "net.sgp")
    {
        string path = PathOf(name);
        ParameterFile.Save(model, path);
        return path;
    }

    [Fact]
    public void Round_trip_is_bit_exact_and_replaces_the_file_without_leftovers()
    {
        var net = Recipes.TwoLayer(seed: 1, hidden: 6);
        net.Parameters[0] = -0.0;
        net.Parameters[1] = double.Epsilon;
        string path = Saved(net);
        var saved = Theta.Of(net);

        var other = Recipes.TwoLayer(seed: 2, hidden: 6);
        ParameterFile.Load(other, path);
        Theta.AssertBitIdentical(saved, Theta.Of(other));

        other.Parameters[3] = 7;
        ParameterFile.Save(other, path);
        ParameterFile.Load(net, path);
        Assert.Equal(7, net.Parameters[3]);
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Every_truncation_is_refused_and_the_model_is_unchanged()
    {
        byte[] bytes = File.ReadAllBytes(Saved(Recipes.TwoLayer(seed: 1, hidden: 3)));
        var target = Recipes.TwoLayer(seed: 9, hidden: 3);
        var before = Theta.Of(target);
        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(PathOf("cut.sgp"), bytes[..length]);
            Assert.Throws<InvalidDataException>(() => ParameterFile.Load(target, PathOf("cut.sgp")));
        }
        Theta.AssertBitIdentical(before, Theta.Of(target));
        File.WriteAllBytes(PathOf("cut.sgp"), bytes[..^1]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => ParameterFile.Load(target, PathOf("cut.sgp"))).Message);
    }

    [Fact]
    public void Every_flipped_byte_is_refused_and_the_model_is_unchanged()
    {
        byte[] bytes = File.ReadAllBytes(Saved(Recipes.TwoLayer(seed: 1, hidden: 3)));
        var target = Recipes.TwoLayer(seed: 9, hidden: 3);
        var before = Theta.Of(target);
        for (int position = 0; position < bytes.Length; position++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[position] ^= 0x10;
            File.WriteAllBytes(PathOf("flipped.sgp"), damaged);
            Assert.Throws<InvalidDataException>(() => ParameterFile.Load(target, PathOf("flipped.sgp")));
        }
        Theta.AssertBitIdentical(before, Theta.Of(target));
        // A flip in the payload is caught by the checksum.
        byte[] payloadFlip = (byte[])bytes.Clone();
        payloadFlip[^40] ^= 1;
        File.WriteAllBytes(PathOf("flipped.sgp"), payloadFlip);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => ParameterFile.Load(target, PathOf("flipped.sgp"))).Message);
    }

    [Fact]
    public void A_file_of_another_model_is_refused()
    {
        var shallow = new Models.ShallowModel(H: 3, D: 2, seed: 0);
        string path = Saved(shallow);
        var target = Recipes.TwoLayer(seed: 9, hidden: 3);
        var before = Theta.Of(target);
        var error = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(target, path));
        Assert.Contains("model SymGrad.Training.Tests.Models.Shallow, not of model SymGrad.Training.Tests.Models.TwoLayer", error.Message);
        Theta.AssertBitIdentical(before, Theta.Of(target));
    }

    [Fact]
    public void A_file_of_a_same_named_model_in_another_class_is_refused()
    {
        string path = Saved(new OtherModels.TwoLayerModel(H: 3, D: 2, seed: 0));
        var target = Recipes.TwoLayer(seed: 9, hidden: 3);
        var before = Theta.Of(target);
        var error = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(target, path));
        Assert.Contains("model SymGrad.Training.Tests.OtherModels.TwoLayer, not of model SymGrad.Training.Tests.Models.TwoLayer", error.Message);
        Theta.AssertBitIdentical(before, Theta.Of(target));
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(3, 3)]
    public void A_file_with_other_dimensions_is_refused(int hidden, int inputs)
    {
        var saved = new Models.TwoLayerModel(H: hidden, D: inputs, seed: 0);
        string path = Saved(saved);
        var target = Recipes.TwoLayer(seed: 9, hidden: 3);
        var before = Theta.Of(target);
        var error = Assert.Throws<InvalidDataException>(() => ParameterFile.Load(target, path));
        Assert.Contains("other dimensions", error.Message);
        Assert.Contains($"W {hidden}×{inputs}", error.Message);
        Theta.AssertBitIdentical(before, Theta.Of(target));
    }

    [Fact]
    public void A_file_that_is_not_a_parameter_file_is_refused()
    {
        File.WriteAllText(PathOf("notes.txt"), "x,y\n1,2\n");
        var target = Recipes.TwoLayer(seed: 9, hidden: 3);
        Assert.Contains("not a SymGrad parameter file",
            Assert.Throws<InvalidDataException>(() => ParameterFile.Load(target, PathOf("notes.txt"))).Message);
    }

    [Fact]
    public void A_failed_save_keeps_the_previous_file()
    {
        var net = Recipes.TwoLayer(seed: 1, hidden: 3);
        string path = Saved(net);
        byte[] before = File.ReadAllBytes(path);
        // A directory where the temporary file's folder should be makes the save fail before the rename.
        Assert.ThrowsAny<IOException>(() => ParameterFile.Save(net, Path.Combine(path, "inside.sgp")));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void The_header_is_as_documented()
    {
        var net = new Models.LinearModel(D: 2, seed: 0);
        byte[] bytes = File.ReadAllBytes(Saved(net));
        Assert.Equal("SGPARAMS"u8.ToArray(), bytes[..8]);
        Assert.Equal(new byte[] { 4, 0 }, bytes[8..10]);                 // format version 4, little-endian
        byte[] name = [36, 0, .. "SymGrad.Training.Tests.Models.Linear"u8];
        Assert.Equal(name, bytes[10..48]);                                // model's full name, length-prefixed UTF-8
        // magic 8 + version 2 + name 38 + input length 4 + block count 4 + blocks (2+1+12, 2+1+12) + no transform 1 + element type 1 + count 4 + 3 doubles + SHA-256
        Assert.Equal(1, bytes[8 + 2 + 38 + 4 + 4 + 15 + 15 + 1]);        // element type 1: float64 (Precision.Float64)
        Assert.Equal(8 + 2 + 38 + 4 + 4 + 15 + 15 + 1 + 1 + 4 + 3 * 8 + 32, bytes.Length);
    }
}
