using System.Numerics;

namespace SymGrad;

/// <summary>
/// Saves and loads a model's parameters θ in the small checked format of <c>docs/parameter-format.md</c>.
/// </summary>
public static class ParameterFile
{
    // Far above any model this runtime trains; stops a wrong path from reading a huge file into memory.
    private const long MaxFileLength = 1L << 31;

    /// <summary>
    /// Writes <paramref name="model"/>'s parameters to <paramref name="path"/>, with the input <paramref name="standardizer"/>
    /// it was trained with if there is one: first to a temporary file in the same folder, flushed to disk, then renamed
    /// over <paramref name="path"/>, so a crash mid-save never destroys the previous file.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="standardizer"/> is for another number of features than the model's input length.</exception>
    public static void Save<T>(IParameterized<T> model, string path, Standardizer? standardizer = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (standardizer is not null && standardizer.InputLength != model.InputLength)
            throw new ArgumentException($"The standardisation is for {standardizer.InputLength} features; model {model.Name} takes inputs of length {model.InputLength}.", nameof(standardizer));
        AtomicFile.Write(path, ParameterFileFormat.Encode(model, standardizer));
    }

    /// <summary>
    /// Reads parameters saved by <see cref="Save"/> into <paramref name="model"/>. The file is checked completely first
    /// (format, length, checksum, model name, element type, input length and blocks); a file that fails a check changes nothing.
    /// A float32 model (<see cref="Precision.Float32"/>) saves and loads float32 values; a file of the other element type is refused.
    /// </summary>
    /// <remarks>
    /// A file saved with a <see cref="Standardizer"/> is refused here, so that a model is never used without the input
    /// transform it was trained with: load such a file with <see cref="Load{T}(IParameterized{T}, string, out Standardizer?)"/>.
    /// </remarks>
    /// <exception cref="InvalidDataException">
    /// The file is not a parameter file, is truncated or corrupted, holds another model or other dimensions, or holds an
    /// input standardisation; the message says which, and the model is unchanged.
    /// </exception>
    public static void Load<T>(IParameterized<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T> => Load(model, path, out _, refuseStandardizer: true);

    /// <summary>
    /// Reads parameters saved by <see cref="Save"/> into <paramref name="model"/> and returns the input standardisation
    /// saved with them, or null if the model was trained on raw inputs. Apply it to every input before
    /// <see cref="IModel{T}.Forward"/>. The file is checked completely first, as by <see cref="Load{T}(IParameterized{T}, string)"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">As for <see cref="Load{T}(IParameterized{T}, string)"/>, except that a standardisation is accepted.</exception>
    public static void Load<T>(IParameterized<T> model, string path, out Standardizer? standardizer) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load(model, path, out standardizer, refuseStandardizer: false);

    private static void Load<T>(IParameterized<T> model, string path, out Standardizer? standardizer, bool refuseStandardizer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        long length = new FileInfo(path).Length;
        if (length > MaxFileLength) throw new InvalidDataException($"The file has {length} bytes, more than any parameter file.");
        (T[] theta, standardizer) = ParameterFileFormat.Decode(File.ReadAllBytes(path), model);
        if (refuseStandardizer && standardizer is not null)
            throw new InvalidDataException("The file also holds the input standardisation the model was trained with, which every input needs: " +
                "load it with ParameterFile.Load(model, path, out var standardizer) and apply standardizer.Apply(x, scaled) before Forward.");
        theta.CopyTo(model.Parameters);
    }
}
