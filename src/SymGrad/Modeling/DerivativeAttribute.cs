namespace SymGrad;

/// <summary>
/// Makes a scalar function usable inside a <see cref="ModelAttribute">[Model]</see> by naming its derivative,
/// for a function the generator cannot see into or one with a faster known derivative (like JAX's
/// <c>custom_vjp</c> or Swift's <c>@derivative</c>). The function must be <c>static double F(double a)</c> and the
/// derivative, in the same type, <c>static double Fʹ(double a)</c> or <c>static double Fʹ(double a, double fa)</c>,
/// where <c>fa = F(a)</c> is passed in so the derivative can reuse it. A wrong signature is reported at compile time.
/// </summary>
/// <example>
/// <code>
/// [Derivative(nameof(SoftplusDerivative))]
/// public static double Softplus(double a) => Math.Log(1 + Math.Exp(a));
/// public static double SoftplusDerivative(double a) => 1 / (1 + Math.Exp(-a));
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DerivativeAttribute : Attribute
{
    /// <summary>Names the derivative method.</summary>
    /// <param name="method">The derivative's name, usually written <c>nameof(...)</c>.</param>
    public DerivativeAttribute(string method) => Method = method;

    /// <summary>The derivative method's name.</summary>
    public string Method { get; }
}
