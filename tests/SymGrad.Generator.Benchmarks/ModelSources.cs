namespace SymGrad.Generator.Benchmarks;

/// <summary>
/// The sources of a project with many models, one model per file, cycling through the shapes users write: the
/// lecture's two-layer and RBF networks in vector and index-sum form, and a three-layer network with locals.
/// </summary>
internal static class ModelSources
{
    /// <summary>The line of model 0 that the incremental benchmark edits, and what it becomes.</summary>
    public const string EditedLine = "        => Dot(v, Tanh(W * x + b));";
    public const string EditedLineAfter = "        => Dot(v, Tanh(W * x - b));";

    /// <summary>A file of the same project without models, for the edit that should leave every model cached.</summary>
    public const string Other = "namespace Bench;\n\npublic static class Other\n{\n    public static int Answer() => 1;\n}\n";

    public static string[] Create(int count) => Enumerable.Range(0, count).Select(Model).ToArray();

    /// <summary>The same models in one file, the layout where an edit above them moves them all.</summary>
    public static string OneFile(int count) =>
        "using SymGrad;\nusing static SymGrad.Ops;\n\nnamespace Bench;\n\n"
        + string.Join("\n", Create(count).Select(m => m.Substring(m.IndexOf("public static partial class", StringComparison.Ordinal))));

    private static string Model(int k) => $$"""
        using SymGrad;
        using static SymGrad.Ops;

        namespace Bench;

        public static partial class Nets{{k}}
        {
            [Model]
            public static double Model{{k}}{{Body(k % 5)}}
        }
        """;

    private static string Body(int kind) => kind switch
    {
        0 => """
            (Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
            """ + "\n" + EditedLine,
        1 => """
            (Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
                    => Dot(v, Exp(-gamma * SqDist(W, x)));
            """,
        2 => """
            (Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec b, [Shape("H")] Vec v)
                    => Sum(v.Length, h => v[h] * Tanh(Dot(W[h], x) + b[h]));
            """,
        3 => """
            (Vec x, [Shape("H", "D")] Mat W, [Shape("H")] Vec gamma, [Shape("H")] Vec v)
                    => Sum(W.Rows, h => v[h] * Exp(-gamma[h] * SqDist(W[h], x)));
            """,
        _ => """
            (Vec x,
                    [Shape("H1", "D")] Mat W1, [Shape("H1")] Vec b1,
                    [Shape("H2", "H1")] Mat W2, [Shape("H2")] Vec b2,
                    [Shape("H3", "H2")] Mat W3, [Shape("H3")] Vec b3,
                    [Shape("H3")] Vec v, double c)
                {
                    var h1 = Tanh(W1 * x + b1);
                    var h2 = Tanh(W2 * h1 + b2);
                    var h3 = Tanh(W3 * h2 + b3);
                    return Dot(v, h3) + c;
                }
            """,
    };
}
