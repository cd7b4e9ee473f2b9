using System.Buffers.Binary;
using System.IO.Compression;

namespace SymGrad;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST (<c>train-images-idx3-ubyte.gz</c> and its labels): unsigned-byte
/// images scaled to [0, 1] and their class labels, gzip-compressed or not.
/// </summary>
public static class IdxDataset
{
    private const int ImagesMagic = 0x00000803, LabelsMagic = 0x00000801;

    /// <summary>The images of <paramref name="imagesPath"/> with the labels of <paramref name="labelsPath"/>, as a class-labelled <see cref="Dataset"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// A file is not an IDX file of its kind (wrong magic number), is truncated, or the two hold different numbers of examples.
    /// </exception>
    public static Dataset Load(string imagesPath, string labelsPath)
    {
        var (pixels, count, size) = ReadPixels(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (count != labels.Length)
            throw new InvalidDataException($"{Path.GetFileName(imagesPath)} holds {count} images but {Path.GetFileName(labelsPath)} holds {labels.Length} labels.");
        // Contiguous, so a training minibatch of consecutive rows is a slice and a shuffled one one copy per row.
        return Dataset.WithLabels(pixels, size, labels);
    }

    /// <summary>The images of an IDX3 file, each flattened row by row and scaled from 0..255 to [0, 1].</summary>
    public static double[][] ReadImages(string path)
    {
        var (pixels, count, size) = ReadPixels(path);
        var images = new double[count][];
        for (int i = 0; i < count; i++) images[i] = pixels.AsSpan(i * size, size).ToArray();
        return images;
    }

    /// <summary>All images of an IDX3 file in one array, image after image, scaled to [0, 1]; with their count and size.</summary>
    private static (double[] Pixels, int Count, int Size) ReadPixels(string path)
    {
        byte[] file = ReadAll(path);
        int count = Header(file, path, ImagesMagic, "images (IDX3)", 16);
        int rows = Int(file, 8), columns = Int(file, 12);
        if (rows <= 0 || columns <= 0) throw new InvalidDataException($"{Path.GetFileName(path)} declares images of {rows}×{columns} pixels.");
        int size = rows * columns;
        long expected = 16 + (long)count * size;
        if (file.Length < expected)
            throw new InvalidDataException($"{Path.GetFileName(path)} is truncated: {count} images of {rows}×{columns} need {expected} bytes, but it has {file.Length}.");
        var pixels = new double[(long)count * size];
        for (long p = 0; p < pixels.LongLength; p++) pixels[p] = file[16 + p] / 255.0;
        return (pixels, count, size);
    }

    /// <summary>The labels of an IDX1 file.</summary>
    public static int[] ReadLabels(string path)
    {
        byte[] file = ReadAll(path);
        int count = Header(file, path, LabelsMagic, "labels (IDX1)", 8);
        if (file.Length < 8L + count)
            throw new InvalidDataException($"{Path.GetFileName(path)} is truncated: {count} labels need {8L + count} bytes, but it has {file.Length}.");
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = file[8 + i];
        return labels;
    }

    private static byte[] ReadAll(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.OpenRead(path);
        using var memory = new MemoryStream();
        bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        try
        {
            if (gzip) { using var unzip = new GZipStream(file, CompressionMode.Decompress); unzip.CopyTo(memory); }
            else file.CopyTo(memory);
        }
        catch (InvalidDataException e) { throw new InvalidDataException($"{Path.GetFileName(path)} is not a complete gzip file: {e.Message}", e); }
        catch (EndOfStreamException e) { throw new InvalidDataException($"{Path.GetFileName(path)} is a truncated gzip file.", e); }
        return memory.ToArray();
    }

    /// <summary>Checks the magic number and returns the count.</summary>
    private static int Header(byte[] file, string path, int magic, string kind, int headerLength)
    {
        int found = file.Length >= 4 ? Int(file, 0) : magic;
        if (found != magic)
            throw new InvalidDataException($"{Path.GetFileName(path)} is not an IDX file of {kind}: its magic number is 0x{found:x8}, expected 0x{magic:x8}.");
        if (file.Length < headerLength) throw new InvalidDataException($"{Path.GetFileName(path)} is truncated: its header needs {headerLength} bytes, but it has {file.Length}.");
        int count = Int(file, 4);
        if (count < 0) throw new InvalidDataException($"{Path.GetFileName(path)} declares {count} entries.");
        return count;
    }

    private static int Int(byte[] file, int offset) => BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset, 4));
}
