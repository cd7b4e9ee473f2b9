using System.Globalization;

namespace SymGrad.Generator.Operations;

/// <summary>
/// How a custom function node names what it calls: "f|f′|k" with f and f′ fully qualified and k the number of
/// arguments f′ takes (1: a; 2: a and f(a)). Kept as one string so the node stays plain, equatable data.
/// </summary>
internal static class CustomCall
{
    public static string Encode(string function, string derivative, int derivativeArity) =>
        function + "|" + derivative + "|" + derivativeArity.ToString(CultureInfo.InvariantCulture);

    public static string Function(string callee) => callee.Split('|')[0];

    public static string Derivative(string callee) => callee.Split('|')[1];

    public static bool TakesValue(string callee) => callee.Split('|')[2] == "2";
}
