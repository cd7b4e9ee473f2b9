using Spectre.Console;

namespace LectureTour;

/// <summary>
/// Where the tour writes: a terminal gets colour and live progress bars; piped or redirected output (a log, `| cat`,
/// a test) gets plain text, one line per stage, the same on every run.
/// </summary>
public static class Output
{
    /// <summary>Whether standard output is a terminal a person watches.</summary>
    public static bool IsTerminal { get; } = !Console.IsOutputRedirected;

    /// <summary>Writes one line of Spectre markup, as plain text when piped.</summary>
    public static void Line(string markup)
    {
        if (IsTerminal) AnsiConsole.MarkupLine(markup);
        else Console.WriteLine(Markup.Remove(markup));
    }

    /// <summary>Writes text as it is.</summary>
    public static void Text(string text)
    {
        if (IsTerminal) AnsiConsole.WriteLine(text);
        else Console.WriteLine(text);
    }
}
