namespace SymGrad.Generator.Common;

/// <summary>
/// The namespaces generated code names types from, always fully qualified with <c>global::</c> so that a user's own
/// <c>System</c> or <c>SymGrad</c> type cannot capture a name. Emitters, the operation table and the element types take them with <c>using static</c>.
/// </summary>
internal static class Namespaces
{
    public const string Sys = "global::System";
    public const string Runtime = "global::SymGrad";
}
