using System.Globalization;

namespace SymGrad;

/// <summary>
/// Reads a user's own data from a CSV file with a header line naming the columns. One column is the target; the
/// features are the listed columns, or all other named columns in file order.
/// </summary>
/// <remarks>
/// The separator is inferred from the header (tab, semicolon or comma) unless <see cref="CsvOptions.Separator"/> sets it.
/// Fields may be quoted (as R's <c>write.csv</c> writes them); spaces around fields and names are ignored; blank lines
/// are skipped. Numbers are read in the invariant culture with a decimal point and no thousands separators, so no
/// number is ever read as another: <c>1,5</c> is refused unless <see cref="CsvOptions.DecimalComma"/> says the file
/// writes decimal commas. Every problem is reported as <c>Line N, column 'x': …</c>. A column without a name (R's
/// row names) is never a feature.
/// </remarks>
public static class CsvDataset
{
    private static readonly NumberFormatInfo DecimalCommaFormat = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u00A0" };

    /// <summary>Reads the file at <paramref name="path"/> (UTF-8 unless it starts with another encoding's byte order mark).</summary>
    /// <exception cref="ArgumentException">A named column is missing, the target is also a feature, or the options conflict.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not CSV SymGrad can read: no header, a ragged row, a comment line, a value that is not a finite
    /// number, or no rows. The message gives the line and column and says how to fix it.
    /// </exception>
    public static Dataset Load(string path, string targetColumn, IReadOnlyList<string>? featureColumns = null, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(targetColumn);
        (options ?? CsvOptions.Default).Validate();
        return Read(File.ReadAllText(path), targetColumn, featureColumns, options ?? CsvOptions.Default);
    }

    /// <summary>Reads CSV <paramref name="text"/>; see <see cref="Load"/>.</summary>
    public static Dataset Parse(string text, string targetColumn, IReadOnlyList<string>? featureColumns = null, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(targetColumn);
        (options ?? CsvOptions.Default).Validate();
        return Read(text, targetColumn, featureColumns, options ?? CsvOptions.Default);
    }

    private static Dataset Read(string text, string targetColumn, IReadOnlyList<string>? featureColumns, CsvOptions options)
    {
        var first = CsvRecords.FirstLine(text) ?? throw new InvalidDataException("The CSV is empty: it has no header line naming the columns.");
        char separator = options.Separator ?? InferSeparator(first.Text, options.DecimalComma);
        List<CsvRecord> records;
        try { records = CsvRecords.Split(text, separator); }
        catch (CsvSyntaxException e)
        {
            // Name the column when the header has been read; the header itself has no names to give yet.
            var header = CsvRecords.Split(text[..LineStart(text, e.Line)], separator).FirstOrDefault();
            throw Problem(e.Line, e.Field >= 0 && header is not null ? ColumnLabel(header.Fields, e.Field) : null, e.Message);
        }

        var names = records[0].Fields;
        CheckHeader(records[0], separator);
        int target = IndexOf(names, targetColumn, nameof(targetColumn));
        int[] features = (featureColumns ?? [.. names.Where((n, j) => j != target && n.Length > 0)])
            .Select(name => IndexOf(names, name, nameof(featureColumns))).ToArray();
        if (features.Length == 0) throw new ArgumentException("There must be at least one feature column.", nameof(featureColumns));
        if (features.Contains(target)) throw new ArgumentException($"Column '{targetColumn}' is the target; it cannot also be a feature.", nameof(featureColumns));
        if (records.Count == 1) throw new InvalidDataException($"The CSV has a header (line {records[0].Line}) but no rows.");

        var inputs = new double[records.Count - 1][];
        var targets = new double[records.Count - 1];
        for (int i = 1; i < records.Count; i++)
        {
            var record = records[i];
            CheckLength(record, names);
            var input = new double[features.Length];
            for (int j = 0; j < features.Length; j++) input[j] = Number(record, features[j], names, options);
            inputs[i - 1] = input;
            targets[i - 1] = Number(record, target, names, options);
        }
        return new Dataset(inputs, targets);
    }

    // The candidate the header holds most often outside quotes; ties go to tab, then semicolon, then comma.
    private static char InferSeparator(string header, bool decimalComma)
    {
        char[] candidates = decimalComma ? ['\t', ';'] : ['\t', ';', ','];
        var counts = new int[candidates.Length];
        bool quoted = false;
        foreach (char c in header)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && Array.IndexOf(candidates, c) is int k and >= 0) counts[k]++;
        }
        int best = Array.IndexOf(counts, counts.Max());
        return counts[best] > 0 ? candidates[best] : candidates[^1];
    }

    private static void CheckHeader(CsvRecord header, char separator)
    {
        var names = header.Fields;
        if (names.All(n => n.Length == 0 || LooksLikeNumber(n)) && names.Any(n => n.Length > 0))
        {
            string example = string.Join(separator, names.Select((_, j) => j == names.Count - 1 ? "label" : $"x{j + 1}"));
            throw Problem(header.Line, null, $"'{CsvRecords.Excerpt(string.Join(separator, names))}' holds numbers, not column names: the file seems to have no header. " +
                $"Add a first line naming the columns, e.g. '{example}'.");
        }
        if (names.Count < 2)
            throw Problem(header.Line, null, $"the header '{CsvRecords.Excerpt(names[0])}' names a single column: it holds no {CsvOptions.Describe(separator)}. " +
                "A data set needs a target and a feature column; set CsvOptions.Separator if the file uses another separator.");
        for (int j = 0; j < names.Count; j++)
        {
            int earlier = names.Take(j).ToList().IndexOf(names[j]);
            if (names[j].Length > 0 && earlier >= 0)
                throw Problem(header.Line, $"'{names[j]}'", $"the header names it twice (columns {earlier + 1} and {j + 1}); rename one.");
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name, string argument)
    {
        int index = names.ToList().IndexOf(name);
        return index >= 0 && name.Length > 0 ? index
            : throw new ArgumentException($"The CSV has no column '{name}'; its columns are {string.Join(", ", names.Where(n => n.Length > 0).Select(n => $"'{n}'"))}.", argument);
    }

    private static void CheckLength(CsvRecord record, IReadOnlyList<string> names)
    {
        int count = record.Fields.Count;
        if (count < names.Count)
            throw Problem(record.Line, ColumnLabel(names, count), $"missing: the row has {count} field{(count == 1 ? "" : "s")}, the header names {names.Count} columns.");
        if (count > names.Count)
            throw Problem(record.Line, null, $"the row has {count} fields, but the header names {names.Count} columns; " +
                "a field that holds the separator must be quoted.");
    }

    private static double Number(CsvRecord record, int column, IReadOnlyList<string> names, CsvOptions options)
    {
        string value = record.Fields[column];
        if (TryNumber(value, options, out double number))
        {
            return double.IsFinite(number) ? number
                : throw Problem(record.Line, ColumnLabel(names, column), $"'{value}' is not a finite number.");
        }
        string problem = value.Length == 0
            ? "the value is empty. Every used column needs a number in every row: fill the gap or delete the row."
            : !options.DecimalComma && TryNumber(value, options with { DecimalComma = true }, out _)
                ? $"'{value}' has a comma in a number. SymGrad reads numbers with a decimal point and no thousands separators, and never guesses; " +
                  "if the file writes decimal commas, load it with new CsvOptions { DecimalComma = true }."
            : options.DecimalComma && TryNumber(value, CsvOptions.Default, out _)
                ? $"'{value}' has a decimal point, but the file is read with CsvOptions.DecimalComma: all numbers must use a decimal comma."
            : $"'{CsvRecords.Excerpt(value)}' is not a number.";
        throw Problem(record.Line, ColumnLabel(names, column), problem);
    }

    private static bool LooksLikeNumber(string value) =>
        TryNumber(value, CsvOptions.Default, out _) || TryNumber(value, new CsvOptions { DecimalComma = true }, out _);

    // Float allows a sign, a decimal separator and an exponent, and no group separators.
    private static bool TryNumber(string value, CsvOptions options, out double number) =>
        double.TryParse(value, NumberStyles.Float, options.DecimalComma ? DecimalCommaFormat : NumberFormatInfo.InvariantInfo, out number);

    private static string ColumnLabel(IReadOnlyList<string> names, int index) =>
        index < names.Count && names[index].Length > 0 ? $"'{names[index]}'" : $"{index + 1}";

    private static InvalidDataException Problem(int line, string? column, string message) =>
        new(column is null ? $"Line {line}: {message}" : $"Line {line}, column {column}: {message}");

    // Where line number `line` starts in text (counting line breaks as CsvRecords does).
    private static int LineStart(string text, int line)
    {
        int position = 0;
        for (int current = 1; current < line && position < text.Length; position++)
        {
            if (text[position] == '\n' || (text[position] == '\r' && (position + 1 >= text.Length || text[position + 1] != '\n'))) current++;
        }
        return position;
    }
}
