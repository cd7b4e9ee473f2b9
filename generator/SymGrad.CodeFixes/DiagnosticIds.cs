namespace SymGrad.CodeFixes;

/// <summary>The ids of the SymGrad diagnostics these fixes answer (the catalogue lives in the generator).</summary>
internal static class DiagnosticIds
{
    public const string TypeNotPartial = "SG0001";
    public const string UnsupportedSyntax = "SG0002";
    public const string InvalidSignature = "SG0004";
    public const string MissingShape = "SG0006";
    public const string NameClash = "SG0010";
    public const string PositionalDimensions = "SG0020";
}
