using CsCheck;
using Microsoft.CodeAnalysis.CSharp;

namespace SymGrad.PropertyTests.Robustness;

/// <summary>Breaks valid model source the ways typing does: tokens or characters deleted, duplicated, swapped or replaced.</summary>
public static class Mutator
{
    // Tokens a user plausibly types into a model, including ones that change its kind (ref, async, <T>, loops).
    // "nameof" too: a user member of that name must not break the generated code (RegressionTests.User_member_named_nameof_…).
    private static readonly string[] s_vocabulary =
    {
        "(", ")", ",", ";", "{", "}", "[", "]", "=>", "=", "+", "-", "*", "/", "x", "W", "v", "h", "Vec", "Mat", "double", "int",
        "ref", "out", "in", "params", "async", "static", "partial", "<T>", "return", "var", "if", "for", "new", "null", "?", ":",
        "[Model]", "[Shape(\"H\")]", "\"H\"", "\"0\"", "1", "0", "2.5", "Tanh", "Exp", "Log", "Dot", "Sum", "SqDist", "Pow", "Sign", "Model",
        "Loss", "[Loss]", "Derivative", "Softplus", ".Length", ".Rows", "Length", "Rows", "h", "[h]", "h =>", "i", "g", "y",
        "nameof", "nameof(", "::", ".", "namespace", "class", "struct", "record", "interface", "file", "@class", "var", "value", "scoped",
        "private", "internal", "2u",
    };

    /// <summary>
    /// One to three mutations, each from the [Model] method on (its loss and the custom-derivative functions follow it),
    /// or, one time in three, anywhere: in the namespace and containing types too (a mutated `namespace Fuzz::.M1;`, a
    /// half-typed container).
    /// </summary>
    public static string Mutate(string source, PCG random)
    {
        int count = 1 + (int)random.Next(3);
        for (int k = 0; k < count; k++)
        {
            int start = random.Next(3) == 0 ? 0 : Start(source);
            source = random.Next(2) == 0 ? MutateToken(source, start, random) : MutateCharacter(source, start, random);
        }
        return source;
    }

    private static int Start(string source)
    {
        int at = source.IndexOf("[Model]", StringComparison.Ordinal);
        return at < 0 ? 0 : at;
    }

    private static string MutateToken(string source, int start, PCG random)
    {
        var tokens = SyntaxFactory.ParseTokens(source).Where(t => t.SpanStart >= start && t.Span.Length > 0).ToList();
        if (tokens.Count < 2) return MutateCharacter(source, start, random);
        int i = (int)random.Next((uint)tokens.Count - 1);
        var t = tokens[i].Span;
        var u = tokens[i + 1].Span;
        return random.Next(4) switch
        {
            0 => source.Remove(t.Start, t.Length),
            1 => source.Insert(t.Start, source.Substring(t.Start, t.Length) + " "),
            2 => source[..t.Start] + source.Substring(u.Start, u.Length) + source[t.End..u.Start] + source.Substring(t.Start, t.Length) + source[u.End..],
            _ => source[..t.Start] + s_vocabulary[random.Next((uint)s_vocabulary.Length)] + source[t.End..],
        };
    }

    private static string MutateCharacter(string source, int start, PCG random)
    {
        if (source.Length - start < 2) return source + ")";
        int i = start + (int)random.Next((uint)(source.Length - start - 1));
        return random.Next(3) switch
        {
            0 => source.Remove(i, 1),
            1 => source.Insert(i, source[i].ToString()),
            _ => source[..i] + source[i + 1] + source[i] + source[(i + 2)..],
        };
    }
}
