using System.Text.RegularExpressions;

namespace SymGrad.PackageTests;

/// <summary>The README's own instructions, read from the file, so the tests run what a user is told and nothing else.</summary>
internal static partial class Readme
{
    private static string Text => File.ReadAllText(Repository.PathOf("README.md"));

    /// <summary>The shell block of the "Install" section, one command a line.</summary>
    public static IReadOnlyList<string> InstallCommands
    {
        get
        {
            string section = Text[Text.IndexOf("\n## Install", StringComparison.Ordinal)..];
            return FencedBlock("sh").Match(section).Groups["body"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    /// <summary>The XML block of the recipe for seeing generated files.</summary>
    public static string GeneratedFilesRecipe
    {
        get
        {
            string section = Text[Text.IndexOf("To see the generated files", StringComparison.Ordinal)..];
            return FencedBlock("xml").Match(section).Groups["body"].Value;
        }
    }

    private static Regex FencedBlock(string language) => new($"```{language}\\n(?<body>.*?)```", RegexOptions.Singleline);
}
