using Microsoft.CodeAnalysis;

namespace SymGrad.Generator.Parse;

/// <summary>The runtime types the parser recognises, by metadata name.</summary>
internal static class ModelLanguage
{
    public const string ModelAttribute = "SymGrad.ModelAttribute";
    /// <summary>The named argument of [Model] that picks the element types (SymGrad.Precision flags).</summary>
    public const string PrecisionProperty = "Precision";
    public const string LossAttribute = "SymGrad.LossAttribute";
    public const string ShapeAttribute = "SymGrad.ShapeAttribute";
    public const string Vec = "SymGrad.Vec";
    public const string Mat = "SymGrad.Mat";
    public const string Ops = "SymGrad.Ops";
    public const string DerivativeAttribute = "SymGrad.DerivativeAttribute";

    /// <summary>0 for a number, 1 for Vec, 2 for Mat, -1 for anything else.</summary>
    public static int RankOf(ITypeSymbol? type)
    {
        if (type is null) return -1;
        switch (type.SpecialType)
        {
            case SpecialType.System_Double:
            case SpecialType.System_Single:
            case SpecialType.System_Decimal:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
                return 0;
        }
        // By namespace and metadata name: a nullable-annotated Vec? (what var infers) is still a Vec.
        string name = type.ContainingNamespace is null ? type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
        return name == Vec ? 1 : name == Mat ? 2 : -1;
    }
}
