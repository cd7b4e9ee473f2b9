namespace SymGrad;

/// <summary>
/// Marks a static method <c>double L(double g, double y)</c>, a loss of a score g against a target y. The SymGrad
/// generator differentiates it with respect to g and emits a struct <c>{MethodName}Loss : ILoss</c> beside it,
/// usable as the <c>TLoss</c> of a generated model's <c>Gradient</c>. The body follows the model language's rules.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LossAttribute : Attribute
{
}
