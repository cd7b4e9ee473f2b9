using nietras.SeparatedValues;

namespace SymGrad;

/// <summary>
/// Reads a user's own data from CSV with a header row (separator inferred: comma, semicolon, tab, …), numbers in
/// the invariant culture. One column is the target; the features are the listed columns, or all the others in file order.
/// </summary>
public static class CsvDataset
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">A named column is missing, or the target is also a feature.</exception>
    /// <exception cref="InvalidDataException">A value is not a finite number (the message gives its line), or there are no rows.</exception>
    public static Dataset Load(string path, string targetColumn, IReadOnlyList<string>? featureColumns = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = Sep.Reader().FromFile(path);
        return Read(reader, targetColumn, featureColumns);
    }

    /// <summary>Reads CSV <paramref name="text"/>; see <see cref="Load"/>.</summary>
    public static Dataset Parse(string text, string targetColumn, IReadOnlyList<string>? featureColumns = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = Sep.Reader().FromText(text);
        return Read(reader, targetColumn, featureColumns);
    }

    private static Dataset Read(SepReader reader, string targetColumn, IReadOnlyList<string>? featureColumns)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetColumn);
        var names = reader.Header.ColNames;
        if (!names.Contains(targetColumn))
            throw new ArgumentException($"The CSV has no column '{targetColumn}'; its columns are {string.Join(", ", names)}.", nameof(targetColumn));
        var features = (featureColumns ?? names.Where(n => n != targetColumn).ToList()).ToArray();
        if (features.Length == 0) throw new ArgumentException("There must be at least one feature column.", nameof(featureColumns));
        foreach (string name in features)
        {
            if (!names.Contains(name))
                throw new ArgumentException($"The CSV has no column '{name}'; its columns are {string.Join(", ", names)}.", nameof(featureColumns));
            if (name == targetColumn) throw new ArgumentException($"Column '{name}' is the target; it cannot also be a feature.", nameof(featureColumns));
        }

        var inputs = new List<double[]>();
        var targets = new List<double>();
        foreach (var row in reader)
        {
            var input = new double[features.Length];
            for (int j = 0; j < features.Length; j++) input[j] = Number(row, features[j]);
            inputs.Add(input);
            targets.Add(Number(row, targetColumn));
        }
        if (inputs.Count == 0) throw new InvalidDataException("The CSV has a header but no rows.");
        return new Dataset([.. inputs], [.. targets]);
    }

    private static double Number(SepReader.Row row, string column)
    {
        var value = row[column].TryParse<double>();
        return value is { } number && double.IsFinite(number) ? number
            : throw new InvalidDataException($"Line {row.LineNumberFrom}, column '{column}': '{row[column].ToString()}' is not a finite number.");
    }
}
