using System.Globalization;
using SymGrad.Generator.Model;

namespace SymGrad.Generator.Emit;

/// <summary>Round-trip, culture-invariant C# literals of a model's element type.</summary>
internal static class Literals
{
    /// <summary>The constant as a literal of <paramref name="type"/> (2.0, or 2.0f): rounded to the type first, so it round-trips there.</summary>
    public static string Format(double value, ElementType type)
    {
        if (double.IsNaN(value)) return type.Keyword + ".NaN";
        if (double.IsPositiveInfinity(value)) return type.Keyword + ".PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return type.Keyword + ".NegativeInfinity";
        string text = type.Suffix.Length == 0 ? value.ToString("R", CultureInfo.InvariantCulture) : ((float)value).ToString("R", CultureInfo.InvariantCulture);
        return (text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0") + type.Suffix;
    }

    /// <summary>Whether the literal starts with a minus sign (−0.0 included), so it needs parentheses after another minus.</summary>
    public static bool IsNegative(double value) => !double.IsNaN(value) && System.BitConverter.DoubleToInt64Bits(value) < 0;

    /// <summary>How a constant reads in a comment: 2 rather than 2.0.</summary>
    public static string Display(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace("-", "−");
}
