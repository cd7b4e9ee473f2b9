using System.Text;
using CsCheck;

namespace SymGrad.PropertyTests.Robustness;

/// <summary>
/// Random valid source files that stress where and how a model is declared rather than what it computes (issue 10):
/// namespaces (block, nested, file-scoped), nested containers of every kind (class, struct, ref struct, record,
/// record struct, interface, file-local), identifiers spelled as escaped keywords and contextual keywords, names that
/// differ only in case (one hint name ignoring case), explicit interface implementations, custom derivatives of every
/// accessibility in another class, literal dimensions too large for an array, long chains and deep nesting.
/// </summary>
public static class DeclarationGen
{
    private static readonly string[] s_typeNames = { "Nets", "NETS", "nets", "@class", "@struct", "var", "record", "value", "from", "Net", "NET", "Ä" };
    private static readonly string[] s_namespaceNames = { "Probe", "@class", "@namespace", "var", "global2", "value", "select", "Fuzz", "Äb" };
    private static readonly string[] s_methodNames = { "F", "f", "Net", "NET", "@class", "@double", "var", "value", "from", "async", "nameof", "scoped", "Model" };
    // Contextual keywords (allowed), keywords (SG0010) and names the generated class uses (SG0010 where they collide).
    private static readonly string[] s_names =
    {
        "v", "w", "var", "value", "from", "select", "where", "scoped", "async", "await", "nameof", "yield", "record", "file", "field",
        "global", "dynamic", "and", "or", "not", "when", "with", "args", "init", "required", "@double", "@class", "Name", "Forward", "y",
        "gradient", "loss", "i", "size", "TLoss", "_theta", "_dim_H", "_x", "Equals", "InputLength",
    };

    private static readonly string[] s_containers =
    {
        "public static partial class", "internal partial class", "public partial struct", "public readonly partial struct",
        "public ref partial struct", "public partial record", "public partial record struct", "public partial interface",
        "public sealed partial class", "public abstract partial class",
    };

    private static readonly string[] s_accessibility = { "public", "internal", "protected internal", "private", "protected", "private protected" };

    /// <summary>How long chains and how deep nesting get.</summary>
    public enum Size
    {
        /// <summary>At most 20 terms or levels: bases for mutations, which are many.</summary>
        Small,
        /// <summary>Now and then a chain of 100–300 terms or nesting of 150–350 levels (past the limit of 200: SG0002).</summary>
        Normal,
        /// <summary>Normal, and now and then a chain of 2,000–3,000 terms.</summary>
        Long,
    }

    /// <summary>One file, in namespace Case{index} so files of one compilation never declare the same type.</summary>
    public static string File(PCG random, int index, Size size)
    {
        var text = new StringBuilder("using System;\nusing SymGrad;\nusing static SymGrad.Ops;\n\n");
        string root = $"Case{index}" + (Chance(random, 2) ? "." + Pick(random, s_namespaceNames) : string.Empty);
        bool fileScoped = Chance(random, 3);
        var helpers = new StringBuilder();
        var members = new StringBuilder();
        int types = 1 + (int)random.Next(2);
        string firstName = Pick(random, s_typeNames);
        for (int t = 0; t < types; t++)
        {
            // A sibling differing only in case from the first: two models with one hint name ignoring case.
            string name = t == 0 ? firstName : Chance(random, 2) && SwapCase(firstName) != firstName ? SwapCase(firstName) : Pick(random, s_typeNames).TrimStart('@') + t;
            members.Append(Container(random, name, depth: 1 + (int)random.Next(3), helpers, fileLocalAllowed: true, size, topLevel: true));
        }

        if (fileScoped) text.Append($"namespace {root};\n\n").Append(helpers).Append(members);
        else if (Chance(random, 3)) text.Append($"namespace {root}\n{{\n    namespace Inner\n    {{\n").Append(helpers).Append(members).Append("    }\n}\n");
        else text.Append($"namespace {root}\n{{\n").Append(helpers).Append(members).Append("}\n");
        return text.ToString();
    }

    private static string Container(PCG random, string name, int depth, StringBuilder helpers, bool fileLocalAllowed, Size size, bool topLevel)
    {
        string kind = Pick(random, s_containers);
        if (fileLocalAllowed && topLevel && Chance(random, 10)) kind = "file static partial class";
        bool isInterface = kind.EndsWith("interface", StringComparison.Ordinal);
        bool isStatic = kind.Contains("static", StringComparison.Ordinal);
        bool explicitImplementation = !isInterface && !isStatic && !kind.Contains("ref", StringComparison.Ordinal) && depth == 1 && Chance(random, 8);
        string interfaceName = $"IScore{helpers.Length}";
        if (explicitImplementation) helpers.Append($"public interface {interfaceName} {{ static abstract double F(Vec x, Vec v); }}\n");

        var text = new StringBuilder($"{kind} {name}{(explicitImplementation ? " : " + interfaceName : string.Empty)}\n{{\n");
        // Suffixed by its depth: a nested type may not be named like the type around it (CS0542).
        if (depth > 1) text.Append(Container(random, Pick(random, s_typeNames) + "_" + depth, depth - 1, helpers, fileLocalAllowed: false, size, topLevel: false));
        else
        {
            int models = 1 + (int)random.Next(3);
            string firstMethod = Pick(random, s_methodNames);
            for (int m = 0; m < models; m++)
            {
                string method = m == 0 ? firstMethod : m == 1 && Chance(random, 2) && SwapCase(firstMethod) != firstMethod ? SwapCase(firstMethod) : Pick(random, s_methodNames) + m;
                if (method.TrimStart('@') == name.TrimStart('@')) method += "M"; // a member may not be named like its type (CS0542)
                text.Append(Model(random, method, helpers, size));
            }
            if (explicitImplementation) text.Append($"    [Model] static double {interfaceName}.F(Vec x, [Shape(\"H\")] Vec v) => Dot(v, x);\n");
        }
        return text.Append("}\n").ToString();
    }

    /// <summary>A [Model] with drawn names, shapes and body.</summary>
    private static string Model(PCG random, string method, StringBuilder helpers, Size size)
    {
        string input = Chance(random, 3) ? Pick(random, s_names) : "x";
        string weights = Pick(random, s_names);
        if (weights == input) weights = "w2";
        string dim = Chance(random, 3) ? Pick(random, s_names).TrimStart('@') : "H";
        string shape = Chance(random, 25) ? "\"50000\", \"50000\"" : $"\"{dim}\", \"D\"";
        string matrix = Chance(random, 2) ? $", [Shape({shape})] Mat W" : string.Empty;
        string hidden = matrix.Length > 0 ? $"Tanh(W * {input})" : $"Tanh({input})";
        string scalar = Chance(random, 3) ? ", double c" : string.Empty;
        string body = (int)random.Next(6) switch
        {
            0 => Chain(random, $"Dot({weights}, {hidden})", size),
            1 => Nested(random, $"Dot({weights}, {hidden})", size),
            2 => $"Sum({weights}.Length, h => {weights}[h] * {Custom(random, helpers)}({hidden}[h]))".Replace($"{hidden}[h]", matrix.Length > 0 ? $"Dot(W[h], {input})" : $"{input}[h]"),
            3 => $"{Literal(random)} * Dot({weights}, {hidden})",
            _ => $"Dot({weights}, {hidden})",
        };
        if (scalar.Length > 0) body = Chance(random, 2) ? "c" : $"c * ({body})";
        string declaration = $"    [Model] public static double {method}(Vec {input}{matrix}, [Shape(\"{dim}\")] Vec {weights}{scalar})";
        if (!Chance(random, 4)) return $"{declaration} => {body};\n";
        string local = Pick(random, s_names);
        if (local == input || local == weights) local = "t9";
        return $"{declaration}\n    {{\n        var {local} = {body};\n        return {local};\n    }}\n";
    }

    /// <summary>a + a + … (a left-deep chain), now and then a long one.</summary>
    private static string Chain(PCG random, string term, Size size)
    {
        int length = size == Size.Long && Chance(random, 20) ? 2_000 + (int)random.Next(1_000)
            : size != Size.Small && Chance(random, 10) ? 100 + (int)random.Next(200)
            : 2 + (int)random.Next(20);
        return string.Join(Chance(random, 2) ? " + " : " - ", Enumerable.Repeat(term, length));
    }

    /// <summary>Tanh(Tanh(…)) or (a + (a + …)): within the limit of 200 levels, or past it (SG0002).</summary>
    private static string Nested(PCG random, string term, Size size)
    {
        int depth = size != Size.Small && Chance(random, 10) ? 150 + (int)random.Next(200) : 1 + (int)random.Next(20);
        return Chance(random, 2)
            ? string.Concat(Enumerable.Repeat("Tanh(", depth)) + term + new string(')', depth)
            : string.Concat(Enumerable.Repeat($"({term} + ", depth)) + term + new string(')', depth);
    }

    /// <summary>A function with a custom derivative in another class, its derivative of a drawn accessibility.</summary>
    private static string Custom(PCG random, StringBuilder helpers)
    {
        string accessibility = Pick(random, s_accessibility);
        string owner = $"Functions{helpers.Length}";
        string kind = Chance(random, 6) ? "file class" : "public class";
        helpers.Append($"{kind} {owner}\n{{\n    [Derivative(nameof(Gp))] public static double G(double a) => a * a;\n    {accessibility} static double Gp(double a) => 2 * a;\n}}\n");
        return owner + ".G";
    }

    private static string Literal(PCG random) => Pick(random, new[] { "2u", "2UL", "2L", "2f", "0x2", "(short)2", "(byte)2", "2.5m > 0 ? 2.0 : 1.0", "1e0" });

    private static string SwapCase(string name) =>
        name.StartsWith('@') ? name : string.Concat(name.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));

    private static bool Chance(PCG random, int oneIn) => random.Next((uint)oneIn) == 0;

    private static string Pick(PCG random, string[] from) => from[random.Next((uint)from.Length)];
}
