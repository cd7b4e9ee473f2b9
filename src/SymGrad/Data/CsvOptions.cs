namespace SymGrad;

/// <summary>How <see cref="CsvDataset"/> reads a file: its separator and how its numbers are written.</summary>
public sealed record CsvOptions
{
    /// <summary>The default: the separator inferred from the header, numbers with a decimal point.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>
    /// The field separator, or null (the default) to infer it from the header line: whichever of tab, semicolon and
    /// comma it holds most often outside quotes (a comma only when <see cref="DecimalComma"/> is off).
    /// </summary>
    public char? Separator { get; init; }

    /// <summary>
    /// Whether numbers are written with a decimal comma (<c>1,5</c>), as spreadsheets in many locales export them with a
    /// semicolon or tab separator. Off by default: a number with a comma is then refused, never read as another number.
    /// When on, the separator cannot be a comma, and a number with a decimal point is refused.
    /// </summary>
    public bool DecimalComma { get; init; }

    /// <summary>Throws unless the options can read a file.</summary>
    internal void Validate()
    {
        if (Separator is '"' or '\r' or '\n')
            throw new ArgumentException("The separator cannot be a double quote or a line break.", "options");
        if (DecimalComma && Separator == ',')
            throw new ArgumentException("A file with decimal commas needs another separator than the comma (a semicolon or a tab).", "options");
    }

    internal static string Describe(char separator) => separator switch
    {
        '\t' => "tab",
        ',' => "comma",
        ';' => "semicolon",
        _ => $"'{separator}'",
    };
}
