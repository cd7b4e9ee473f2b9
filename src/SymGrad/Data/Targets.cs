using System.Globalization;

namespace SymGrad;

/// <summary>Checks that a data set's targets are what a loss expects, before training changes anything.</summary>
internal static class Targets
{
    /// <summary>Throws unless every target is −1 or +1, naming the first example that is not and the fix.</summary>
    public static void CheckBinary(Dataset data, string argument, string loss)
    {
        for (int i = 0; i < data.Count; i++)
        {
            double y = data.Targets[i];
            if (y is 1.0 or -1.0) continue;
            string fix = y == 0 ? " 0/1 labels are the common slip: map 0 to −1 (y = 2·label − 1)." : " Map the classes to −1 and +1.";
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{loss} takes targets −1 and +1, but example {i} has target {y}.{fix}"), argument);
        }
    }

    /// <summary>Throws unless every target is a whole number in 0..classes−1, naming the first example that is not and the fix.</summary>
    public static void CheckLabels(Dataset data, int classes, string argument)
    {
        for (int i = 0; i < data.Count; i++)
        {
            double y = data.Targets[i];
            if (y >= 0 && y < classes && y == Math.Floor(y)) continue;
            string fix = y == classes ? "Labels counted from 1 are a common slip: subtract 1." : "Renumber the classes from 0, or give the model more scores.";
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The model has {classes} classes, so labels must be whole numbers 0..{classes - 1}, but example {i} has label {y}. {fix}"), argument);
        }
    }
}
