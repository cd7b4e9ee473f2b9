using System.Text;

namespace SymGrad;

/// <summary>One record of a CSV file: the line it starts on (from 1) and its fields, trimmed and unquoted.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>A syntax problem at a line and field (from 0; −1 for the whole line), before column names are known.</summary>
internal sealed class CsvSyntaxException(int line, int field, string problem) : Exception(problem)
{
    public int Line { get; } = line;

    public int Field { get; } = field;
}

/// <summary>
/// Splits CSV text into records (RFC 4180 quoting: a field in double quotes may hold separators, line breaks and
/// doubled quotes). Blank lines are skipped; spaces around a field are not part of it; a line starting with '#'
/// is refused as a comment rather than read as data. Written for the small files a model trains on: the whole text at once.
/// </summary>
internal static class CsvRecords
{
    public static List<CsvRecord> Split(string text, char separator)
    {
        var records = new List<CsvRecord>();
        var field = new StringBuilder();
        int position = text.StartsWith('\uFEFF') ? 1 : 0, line = 1;
        while (position < text.Length)
        {
            var rest = RestOfLine(text, position);
            if (rest.IsWhiteSpace())
            {
                position = SkipLineEnd(text, position + rest.Length, ref line);
                continue;
            }
            if (rest.TrimStart() is ['#', ..])
                throw new CsvSyntaxException(line, -1, $"'{Excerpt(rest)}' is a comment line, and CSV has no comments: delete the line.");

            int start = line;
            var fields = new List<string>();
            while (true)
            {
                position = SkipSpaces(text, position, separator);
                if (position < text.Length && text[position] == '"')
                    position = Quoted(text, position, separator, field, start, fields.Count, ref line);
                else
                    position = Unquoted(text, position, separator, field, start, fields.Count);
                fields.Add(field.ToString());
                field.Clear();
                if (position < text.Length && text[position] == separator) { position++; continue; }
                break;
            }
            position = SkipLineEnd(text, position, ref line);
            records.Add(new CsvRecord(start, fields));
        }
        return records;
    }

    /// <summary>The first line that is not blank, with its number, or null if there is none.</summary>
    public static (string Text, int Line)? FirstLine(string text)
    {
        int position = text.StartsWith('\uFEFF') ? 1 : 0, line = 1;
        while (position < text.Length)
        {
            var rest = RestOfLine(text, position);
            if (!rest.IsWhiteSpace()) return (rest.ToString(), line);
            position = SkipLineEnd(text, position + rest.Length, ref line);
        }
        return null;
    }

    /// <summary>At most 40 characters of <paramref name="text"/>, for a message.</summary>
    public static string Excerpt(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        return text.Length <= 40 ? text.ToString() : string.Concat(text[..37], "...");
    }

    private static int Quoted(string text, int position, char separator, StringBuilder field, int record, int index, ref int line)
    {
        position++; // the opening quote
        while (true)
        {
            if (position >= text.Length)
                throw new CsvSyntaxException(record, index, "a quoted field is not closed: its closing '\"' is missing.");
            char c = text[position];
            if (c == '"')
            {
                if (position + 1 < text.Length && text[position + 1] == '"') { field.Append('"'); position += 2; continue; }
                position++;
                break;
            }
            if (c == '\n' || (c == '\r' && (position + 1 >= text.Length || text[position + 1] != '\n'))) line++;
            field.Append(c);
            position++;
        }
        position = SkipSpaces(text, position, separator);
        if (position < text.Length && text[position] != separator && text[position] is not ('\r' or '\n'))
            throw new CsvSyntaxException(record, index, "there is text after the closing '\"' of a quoted field.");
        // Names and numbers never mean leading or trailing spaces, quoted or not.
        string trimmed = field.ToString().Trim();
        field.Clear().Append(trimmed);
        return position;
    }

    private static int Unquoted(string text, int position, char separator, StringBuilder field, int record, int index)
    {
        int start = position;
        while (position < text.Length && text[position] != separator && text[position] is not ('\r' or '\n')) position++;
        var value = text.AsSpan(start, position - start).Trim();
        if (value.Contains('"'))
            throw new CsvSyntaxException(record, index, $"'{Excerpt(value)}' has a '\"' inside it; quote the whole field (\"…\") and double the quotes within it.");
        field.Append(value);
        return position;
    }

    private static ReadOnlySpan<char> RestOfLine(string text, int position)
    {
        var rest = text.AsSpan(position);
        int end = rest.IndexOfAny('\r', '\n');
        return end < 0 ? rest : rest[..end];
    }

    private static int SkipSpaces(string text, int position, char separator)
    {
        while (position < text.Length && text[position] != separator && text[position] is ' ' or '\t') position++;
        return position;
    }

    // "\r\n", "\n" and a lone "\r" each end one line.
    private static int SkipLineEnd(string text, int position, ref int line)
    {
        if (position >= text.Length) return position;
        if (text[position] == '\r') position++;
        if (position < text.Length && text[position] == '\n') position++;
        line++;
        return position;
    }
}
