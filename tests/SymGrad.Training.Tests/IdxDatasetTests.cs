using System.Buffers.Binary;
using System.IO.Compression;

namespace SymGrad.Training.Tests;

/// <summary>The IDX loader on small files the tests write: values, scaling, gzip, and a clear error for each kind of bad file.</summary>
public sealed class IdxDatasetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("symgrad-idx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Images(int magic, int count, int rows, int columns, int pixels)
    {
        var bytes = new byte[16 + pixels];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (int p = 0; p < pixels; p++) bytes[16 + p] = (byte)(p * 51 % 256);
        return bytes;
    }

    private static byte[] Labels(int magic, params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(0), magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    private string Write(string name, byte[] bytes, bool gzip)
    {
        string path = Path.Combine(_folder, name);
        if (!gzip) { File.WriteAllBytes(path, bytes); return path; }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
        return path;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_images_scaled_to_the_unit_interval_and_their_labels(bool gzip)
    {
        string images = Write("images.gz", Images(0x803, 3, 2, 2, 12), gzip);
        string labels = Write("labels.gz", Labels(0x801, 7, 0, 9), gzip);
        var data = IdxDataset.Load(images, labels);
        Assert.Equal(3, data.Count);
        Assert.Equal(4, data.InputLength);
        Assert.True(data.IsContiguous);
        Assert.Equal(new[] { 153 / 255.0, 204 / 255.0 }, data.InputRows(0, 2).Slice(3, 2).ToArray());
        Assert.Equal(new[] { 0, 51 / 255.0, 102 / 255.0, 153 / 255.0 }, data.Inputs[0]);
        Assert.Equal(255 / 255.0, data.Inputs[1][1]);
        Assert.Equal(new[] { 7.0, 0, 9 }, data.Targets);
    }

    [Fact]
    public void A_wrong_magic_number_names_the_file_and_both_numbers()
    {
        string images = Write("labels-as-images.gz", Labels(0x801, 1, 2), gzip: true);
        var e = Assert.Throws<InvalidDataException>(() => IdxDataset.ReadImages(images));
        Assert.Contains("labels-as-images.gz is not an IDX file of images", e.Message);
        Assert.Contains("0x00000801, expected 0x00000803", e.Message);
    }

    [Fact]
    public void A_truncated_file_says_how_many_bytes_it_needs()
    {
        string images = Write("short.gz", Images(0x803, 3, 2, 2, 10), gzip: true);
        var e = Assert.Throws<InvalidDataException>(() => IdxDataset.ReadImages(images));
        Assert.Contains("short.gz is truncated: 3 images of 2×2 need 28 bytes, but it has 26", e.Message);
        string cut = Path.Combine(_folder, "cut.gz");
        var zipped = File.ReadAllBytes(Write("whole.gz", Images(0x803, 3, 2, 2, 12), gzip: true));
        File.WriteAllBytes(cut, zipped[..(zipped.Length / 2)]);
        Assert.Throws<InvalidDataException>(() => IdxDataset.ReadImages(cut));
    }

    [Fact]
    public void Image_and_label_counts_that_differ_are_refused()
    {
        string images = Write("images.gz", Images(0x803, 3, 2, 2, 12), gzip: true);
        string labels = Write("labels.gz", Labels(0x801, 1, 2), gzip: true);
        var e = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels));
        Assert.Contains("images.gz holds 3 images but labels.gz holds 2 labels", e.Message);
    }
}
