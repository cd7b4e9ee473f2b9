using System.Globalization;
using System.Numerics;
using SymGrad;

namespace Inference;

/// <summary>
/// Reads feature rows as CSV and writes one prediction per row. Kept apart from Program so a test can run the very
/// same code in-process (JIT) and compare it with the published native binary.
/// </summary>
public static class Predictions
{
    /// <summary>The header line of the output.</summary>
    public const string Header = "row,score,class";

    /// <summary>
    /// Writes <c>row,score,class</c> for every row of <paramref name="rows"/>: numbers separated by commas, an optional
    /// header line first (a first line that is not numeric), blank lines skipped. Scores use the round-trip format, so
    /// two runs compare exactly. Each row is standardised by <paramref name="standardizer"/> first, when the parameter
    /// file holds one (the model was trained on standardised features). Returns the number of rows predicted. A float32
    /// model gets each row, parsed and standardised in double, rounded to float.
    /// </summary>
    /// <exception cref="FormatException">A row has a value that is not a number, or the wrong number of values.</exception>
    public static int Write<T>(IModel<T> model, TextReader rows, TextWriter output, Standardizer? standardizer = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        output.WriteLine(Header);
        var x = new double[model.InputLength];
        var input = new T[model.InputLength];
        int lineNumber = 0, count = 0;
        for (string? line = rows.ReadLine(); line is not null; line = rows.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (!TryParse(line, x, out string? problem))
            {
                if (lineNumber == 1) continue; // a header
                throw new FormatException($"Line {lineNumber}: {problem}");
            }
            standardizer?.Apply(x, x);
            for (int j = 0; j < x.Length; j++) input[j] = T.CreateTruncating(x[j]);
            double score = double.CreateTruncating(model.Forward(input));
            count++;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count},{score:R},{Math.Sign(score)}"));
        }
        return count;
    }

    private static bool TryParse(string line, double[] x, out string? problem)
    {
        string[] fields = line.Split(',');
        if (fields.Length != x.Length)
        {
            problem = $"expected {x.Length} values, found {fields.Length}.";
            return false;
        }
        for (int i = 0; i < fields.Length; i++)
        {
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out x[i]))
            {
                problem = $"\"{fields[i].Trim()}\" is not a number.";
                return false;
            }
        }
        problem = null;
        return true;
    }
}
