using System.Buffers.Binary;
using System.IO.Compression;

namespace SymGrad.PackageTests;

/// <summary>
/// The Fashion-MNIST sample without its data (it says how to install it and exits with 2) and on four small IDX files
/// the test writes (it trains, prints the test accuracy and writes its pictures and parameters). The real training is
/// measured by hand (docs/multiclass.md), not here.
/// </summary>
public sealed class FashionMnistTests
{
    private static string Program => Repository.PathOf("samples", "FashionMnist", "bin", Repository.Configuration, "net10.0", "FashionMnist.dll");

    private static readonly string[] s_files = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };

    [Fact]
    public async Task Without_the_files_it_says_how_to_install_them_and_exits_non_zero()
    {
        using var empty = new TemporaryDirectory("symgrad-fashion");
        var run = await DotNet.RunProgramAsync(DotNet.Host, empty.Path, null, Program, empty.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Fashion-MNIST is not in {empty.Path} (missing {string.Join(", ", s_files)})", run.Error);
        Assert.Contains("sudo apt-get install -y dataset-fashion-mnist", run.Error);
        Assert.Contains("dotnet run --project samples/FashionMnist -- <folder>", run.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]   // --float32: the float32 class trains, is evaluated and saved
    public async Task On_small_files_it_trains_and_writes_its_pictures_and_parameters(bool float32)
    {
        using var data = new TemporaryDirectory("symgrad-fashion");
        using var output = new TemporaryDirectory("symgrad-fashion-out");
        WriteIdx(data.Combine(s_files[0]), data.Combine(s_files[1]), count: 40, seed: 1);
        WriteIdx(data.Combine(s_files[2]), data.Combine(s_files[3]), count: 20, seed: 2);

        string[] arguments = [Program, .. float32 ? ["--float32"] : Array.Empty<string>(), data.Path, "2", "4", output.Path];
        var run = (await DotNet.RunProgramAsync(DotNet.Host, data.Path, null, arguments)).EnsureSuccess();
        Assert.Contains($"40 training and 20 test images of 784 pixels; a 784-4-10 network, 2 epochs{(float32 ? ", float32" : "")}", run.Output);
        Assert.Contains("epoch  2/2", run.Output);
        Assert.Contains("Test accuracy", run.Output);
        Assert.Equal(new[] { "classifier.symgrad", "confusion.png", "curves.png", "saliency.png" },
            Directory.GetFiles(output.Path).Select(Path.GetFileName).Order());
        foreach (string png in new[] { "confusion.png", "curves.png", "saliency.png" })
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(output.Combine(png))[..4]);
    }

    /// <summary>Gzip IDX files of <paramref name="count"/> random 28×28 images and labels 0..9 in turn (every class occurs).</summary>
    private static void WriteIdx(string images, string labels, int count, int seed)
    {
        var random = new Random(seed);
        var imageBytes = new byte[16 + count * 784];
        BinaryPrimitives.WriteInt32BigEndian(imageBytes.AsSpan(0), 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(imageBytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(imageBytes.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(imageBytes.AsSpan(12), 28);
        random.NextBytes(imageBytes.AsSpan(16));
        var labelBytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labelBytes.AsSpan(0), 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(labelBytes.AsSpan(4), count);
        for (int i = 0; i < count; i++) labelBytes[8 + i] = (byte)(i % 10);
        Gzip(images, imageBytes);
        Gzip(labels, labelBytes);
    }

    private static void Gzip(string path, byte[] bytes)
    {
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
    }
}
