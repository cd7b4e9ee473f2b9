namespace SymGrad;

/// <summary>
/// Saves and loads a model's parameters θ in the small checked format of <c>docs/parameter-format.md</c>.
/// </summary>
public static class ParameterFile
{
    // Far above any model this runtime trains; stops a wrong path from reading a huge file into memory.
    private const long MaxFileLength = 1L << 31;

    /// <summary>
    /// Writes <paramref name="model"/>'s parameters to <paramref name="path"/>: first to a temporary file in the same
    /// folder, flushed to disk, then renamed over <paramref name="path"/>, so a crash mid-save never destroys the previous file.
    /// </summary>
    public static void Save(IParameterized model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, ParameterFileFormat.Encode(model));
    }

    /// <summary>
    /// Reads parameters saved by <see cref="Save"/> into <paramref name="model"/>. The file is checked completely first
    /// (format, length, checksum, model name, input length and blocks); a file that fails a check changes nothing.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file is not a parameter file, is truncated or corrupted, or holds another model or other dimensions;
    /// the message says which, and the model is unchanged.
    /// </exception>
    public static void Load(IParameterized model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        long length = new FileInfo(path).Length;
        if (length > MaxFileLength) throw new InvalidDataException($"The file has {length} bytes, more than any parameter file.");
        double[] theta = ParameterFileFormat.Decode(File.ReadAllBytes(path), model);
        theta.CopyTo(model.Parameters);
    }
}
