using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SymGrad.Generator.Emit;

/// <summary>
/// A sum of lengths, each a dimension's name or a number, with like terms collected: <c>3 * H + D + 2</c>, not
/// <c>H + D + H + H + 2</c>, so that a model with a thousand buffers gets short offsets rather than sums of a thousand terms.
/// Dimensions are positive, so one sum is at least another when it has at least as many of every term (<see cref="Covers"/>):
/// the constructor then checks only the largest of its scratch sizes against an array's limit.
/// </summary>
internal sealed class LengthSum
{
    private readonly List<string> _order = new();                 // the dimensions in the order they first appear
    private readonly Dictionary<string, int> _counts = new();
    private long _constant;

    public LengthSum(IEnumerable<string> lengths)
    {
        foreach (string term in lengths)
        {
            if (long.TryParse(term, NumberStyles.None, CultureInfo.InvariantCulture, out long value)) { _constant += value; continue; }
            if (!_counts.ContainsKey(term)) { _counts[term] = 0; _order.Add(term); }
            _counts[term]++;
        }
    }

    /// <summary>A single dimension, or a constant: it fits in an array whenever θ does, which holds every dimension.</summary>
    public bool FitsWhereThetaFits => _order.Count == 0 || _constant == 0 && _order.Count == 1 && _counts[_order[0]] == 1;

    /// <summary>Whether this sum is at least <paramref name="other"/> for every positive value of the dimensions.</summary>
    public bool Covers(LengthSum other) =>
        other._constant <= _constant && other._counts.All(t => _counts.TryGetValue(t.Key, out int count) && count >= t.Value);

    /// <summary>The sum as C#; in long arithmetic if asked (only the first term is widened: the sum stays long from left to right).</summary>
    public string Code(bool longSum)
    {
        string Multiple(int count, string factor, bool widen) =>
            count == 1 ? (widen ? $"(long){factor}" : factor) : $"{count.ToString(CultureInfo.InvariantCulture)}{(widen ? "L" : "")} * {factor}";
        var terms = _order.Select((t, k) => Multiple(_counts[t], t, longSum && k == 0)).ToList();
        if (_constant != 0 || terms.Count == 0)
            terms.Add(_constant.ToString(CultureInfo.InvariantCulture) + (longSum && terms.Count == 0 ? "L" : ""));
        return string.Join(" + ", terms);
    }
}
