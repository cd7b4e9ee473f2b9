using System.Numerics;
using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SymGrad;

/// <summary>
/// Encodes and decodes the parameter file format of docs/parameter-format.md (version 4): a header naming the model,
/// its input length, its blocks, the input standardisation it was trained with and the parameters' element type, the
/// parameters as little-endian binary64 or binary32, and a SHA-256 of everything before it. Version 2 files (no
/// standardisation) and version 3 files (no element type: binary64) are read too.
/// </summary>
internal static class ParameterFileFormat
{
    // Version 1 (development builds of 0.1.0) named the model by its method name only; it is refused.
    // Version 2 had no input transform; it reads as a file without one. Version 3 had no element type; it is binary64.
    public const ushort Version = 4;
    private const ushort OldestReadable = 2;
    private const byte NoTransform = 0, Standardization = 1;
    // The element type byte is the Precision flag of the model that saved the file.
    private const byte Float64 = (byte)Precision.Float64, Float32 = (byte)Precision.Float32;
    private const int ChecksumLength = SHA256.HashSizeInBytes;
    private static ReadOnlySpan<byte> Magic => "SGPARAMS"u8;

    /// <summary>The whole file for <paramref name="model"/>'s current parameters.</summary>
    public static byte[] Encode<T>(IParameterized<T> model, Standardizer? standardizer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var header = new List<byte>(256);
        header.AddRange(Magic);
        AddUInt16(header, Version);
        AddString(header, model.FullName);
        AddInt32(header, model.InputLength);
        AddInt32(header, model.Blocks.Count);
        foreach (var block in model.Blocks)
        {
            AddString(header, block.Name);
            AddInt32(header, block.Offset);
            AddInt32(header, block.Rows);
            AddInt32(header, block.Columns);
        }
        header.Add(standardizer is null ? NoTransform : Standardization);
        if (standardizer is not null)
        {
            foreach (double mean in standardizer.Means) AddDouble(header, mean);
            foreach (double deviation in standardizer.Deviations) AddDouble(header, deviation);
        }
        header.Add(ElementType<T>());
        AddInt32(header, model.ParameterCount);

        int size = Unsafe.SizeOf<T>();
        var file = new byte[header.Count + size * model.ParameterCount + ChecksumLength];
        header.CopyTo(file);
        var payload = file.AsSpan(header.Count, size * model.ParameterCount);
        ReadOnlySpan<T> theta = model.Parameters;
        for (int i = 0; i < theta.Length; i++)
        {
            if (size == 8) BinaryPrimitives.WriteDoubleLittleEndian(payload[(8 * i)..], double.CreateTruncating(theta[i]));
            else BinaryPrimitives.WriteSingleLittleEndian(payload[(4 * i)..], float.CreateTruncating(theta[i]));
        }
        SHA256.HashData(file.AsSpan(0, file.Length - ChecksumLength), file.AsSpan(file.Length - ChecksumLength));
        return file;
    }

    /// <summary>
    /// Checks <paramref name="file"/> completely against <paramref name="model"/> and returns its parameters and its input
    /// standardisation, if any; throws <see cref="InvalidDataException"/> saying why a file is refused.
    /// </summary>
    public static (T[] Theta, Standardizer? Standardizer) Decode<T>(ReadOnlySpan<byte> file, IParameterized<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reader = new Reader(file);
        if (file.Length < Magic.Length || !file[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException("This is not a SymGrad parameter file: it does not start with \"SGPARAMS\".");
        reader.Skip(Magic.Length);
        ushort version = reader.UInt16();
        if (version is < OldestReadable or > Version)
            throw new InvalidDataException($"The file has format version {version}; this SymGrad reads versions {OldestReadable} to {Version}.");
        string name = reader.String();
        int inputLength = reader.Int32();
        if (inputLength < 0 || inputLength > file.Length) throw Corrupted();
        int blockCount = reader.Int32();
        if (blockCount < 0 || blockCount > file.Length) throw Corrupted();
        // The file records each block's name, offset, rows and columns; its rank is the model's to know.
        var blocks = new (string Name, int Offset, int Rows, int Columns)[blockCount];
        for (int i = 0; i < blockCount; i++) blocks[i] = (reader.String(), reader.Int32(), reader.Int32(), reader.Int32());
        byte transform = version >= 3 ? reader.Byte() : NoTransform;
        if (transform is not (NoTransform or Standardization)) throw Corrupted();
        double[]? means = null, deviations = null;
        if (transform == Standardization)
        {
            means = new double[inputLength];
            deviations = new double[inputLength];
            for (int j = 0; j < inputLength; j++) means[j] = reader.Double();
            for (int j = 0; j < inputLength; j++) deviations[j] = reader.Double();
        }
        byte element = version >= 4 ? reader.Byte() : Float64;
        if (element is not (Float64 or Float32)) throw Corrupted();
        int size = element == Float64 ? 8 : 4;
        int count = reader.Int32();
        if (count < 0) throw Corrupted();

        long expected = (long)reader.Position + (long)size * count + ChecksumLength;
        if (file.Length < expected) throw new InvalidDataException($"The file is truncated: it has {file.Length} bytes, its header announces {expected}.");
        if (file.Length > expected) throw new InvalidDataException($"The file has {file.Length - expected} bytes after its end; it is corrupted.");
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        SHA256.HashData(file[..^ChecksumLength], checksum);
        if (!checksum.SequenceEqual(file[^ChecksumLength..])) throw new InvalidDataException("The file is corrupted: its SHA-256 checksum does not match its contents.");

        if (name != model.FullName) throw new InvalidDataException($"The file holds parameters of model {name}, not of model {model.FullName}.");
        if (element != ElementType<T>())
            throw new InvalidDataException($"The file holds {Describe(element)} parameters of model {name}, but this model is {Describe(ElementType<T>())}: " +
                $"load it into the {Describe(element)} class of the model ([Model(Precision = Precision.Float64 | Precision.Float32)] generates both), then copy θ across if you need the other.");
        var modelBlocks = model.Blocks.Select(b => (b.Name, b.Offset, b.Rows, b.Columns)).ToArray();
        if (inputLength != model.InputLength || count != model.ParameterCount || !blocks.SequenceEqual(modelBlocks))
            throw new InvalidDataException($"The file holds parameters of model {name} with other dimensions: the file has {Describe(inputLength, blocks)}; the model has {Describe(model.InputLength, modelBlocks)}.");

        Standardizer? standardizer = null;
        if (means is not null)
        {
            try { standardizer = Standardizer.Create(means, deviations); }
            catch (ArgumentException e) { throw new InvalidDataException($"The file's input standardisation is not valid: {e.Message}"); }
        }

        var theta = new T[count];
        var payload = file.Slice(reader.Position, size * count);
        for (int i = 0; i < count; i++)
            theta[i] = size == 8 ? T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(payload[(8 * i)..]))
                : T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(payload[(4 * i)..]));
        return (theta, standardizer);
    }

    /// <summary>The element type byte of <typeparamref name="T"/>: its Precision flag.</summary>
    private static byte ElementType<T>() => typeof(T) == typeof(float) ? Float32 : Float64;

    private static string Describe(byte element) => element == Float32 ? "float32" : "float64";

    private static string Describe(int inputLength, IEnumerable<(string Name, int Offset, int Rows, int Columns)> blocks) =>
        $"input length {inputLength}, blocks " + string.Join(", ", blocks.Select(b => $"{b.Name} {b.Rows}×{b.Columns}"));

    private static InvalidDataException Corrupted() => new("The file is corrupted: its header is not valid.");

    private static void AddUInt16(List<byte> bytes, ushort value)
    {
        Span<byte> buffer = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, value);
        bytes.AddRange(buffer);
    }

    private static void AddDouble(List<byte> bytes, double value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(buffer, value);
        bytes.AddRange(buffer);
    }

    private static void AddInt32(List<byte> bytes, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        bytes.AddRange(buffer);
    }

    private static void AddString(List<byte> bytes, string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        AddUInt16(bytes, checked((ushort)utf8.Length));
        bytes.AddRange(utf8);
    }

    /// <summary>Reads the header's fields in order; running past the end means the file is truncated.</summary>
    private ref struct Reader(ReadOnlySpan<byte> file)
    {
        private readonly ReadOnlySpan<byte> _file = file;

        public int Position { get; private set; }

        public void Skip(int count) => Take(count);

        public byte Byte() => Take(1)[0];

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public string String()
        {
            var bytes = Take(UInt16());
            try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
            catch (DecoderFallbackException) { throw Corrupted(); }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (_file.Length - Position < count)
                throw new InvalidDataException($"The file is truncated: its header ends after {_file.Length} bytes.");
            var span = _file.Slice(Position, count);
            Position += count;
            return span;
        }
    }
}
