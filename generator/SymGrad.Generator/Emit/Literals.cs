using System.Globalization;

namespace SymGrad.Generator.Emit;

/// <summary>Round-trip, culture-invariant C# literals for doubles.</summary>
internal static class Literals
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }

    /// <summary>Whether the literal starts with a minus sign (−0.0 included), so it needs parentheses after another minus.</summary>
    public static bool IsNegative(double value) => !double.IsNaN(value) && System.BitConverter.DoubleToInt64Bits(value) < 0;

    /// <summary>How a constant reads in a comment: 2 rather than 2.0.</summary>
    public static string Display(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace("-", "−");
}
