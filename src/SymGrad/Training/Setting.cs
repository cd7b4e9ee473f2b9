namespace SymGrad;

/// <summary>The check behind every option's <c>init</c>: the value if it is valid, else an exception naming the option.</summary>
internal static class Setting
{
    /// <summary>Returns <paramref name="value"/> when <paramref name="valid"/>, else throws naming <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="valid"/> is false; the message is <paramref name="rule"/>.</exception>
    public static T Checked<T>(T value, bool valid, string name, string rule) =>
        valid ? value : throw new ArgumentOutOfRangeException(name, value, rule);
}
