using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SymGrad.Generator.Emit;

/// <summary>
/// Names of generated files. Roslyn accepts only identifier characters and a little punctuation in a hint name and
/// compares hint names ignoring case, so two models named <c>Net</c> and <c>NET</c> must not get one file each named
/// alike: that throws in AddSource, and the compiler then drops every file the generator made (CS8785).
/// </summary>
internal static class HintNames
{
    private const string Extension = ".g.cs";

    /// <summary>A legal hint name for a model's full name: letters, digits, '_' and '.' kept, anything else '_'.</summary>
    public static string For(string fullName)
    {
        var text = new StringBuilder(fullName.Length + Extension.Length);
        foreach (char c in fullName) text.Append(char.IsLetterOrDigit(c) || c is '_' or '.' ? c : '_');
        return text.Append(Extension).ToString();
    }

    /// <summary>
    /// Makes the names unique ignoring case: the first of names equal but for case (in ordinal order) keeps its name,
    /// the others get ".2", ".3", … before the extension (no C# identifier is a number, so no model's own name looks like that).
    /// </summary>
    /// <returns>The unique name of each input, in input order.</returns>
    public static string[] Unique(IReadOnlyList<string> names)
    {
        var result = new string[names.Count];
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (int k in Enumerable.Range(0, names.Count).OrderBy(k => names[k], StringComparer.Ordinal))
        {
            string name = names[k];
            string stem = name.EndsWith(Extension, StringComparison.Ordinal) ? name.Substring(0, name.Length - Extension.Length) : name;
            for (int n = 2; !taken.Add(name); n++) name = stem + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + Extension;
            result[k] = name;
        }
        return result;
    }
}
