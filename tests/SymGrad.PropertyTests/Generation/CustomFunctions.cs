namespace SymGrad.PropertyTests.Generation;

/// <summary>
/// The user functions with custom derivatives that random models call: declared once in the class every case is
/// compiled into (the generator requires a [Derivative]'s function and its derivative in the same class).
/// One derivative takes a, two take (a, value) so the backward pass reuses the forward value.
/// </summary>
public static class CustomFunctions
{
    public const string Members = """
            // softplus(a) = log(1 + eᵃ); softplus′(a) = σ(a).
            [Derivative(nameof(SoftplusPrime))]
            public static double Softplus(double a) => Math.Log(1 + Math.Exp(a));
            public static double SoftplusPrime(double a) => 1 / (1 + Math.Exp(-a));

            // LeCun's scaled tanh 1.7159·tanh(2a/3), whose derivative is (2/3)(1.7159 − f²/1.7159).
            [Derivative(nameof(ScaledTanhPrime))]
            public static double ScaledTanh(double a) => 1.7159 * Math.Tanh(2.0 / 3.0 * a);
            public static double ScaledTanhPrime(double a, double value) => 2.0 / 3.0 * (1.7159 - value * value / 1.7159);

            // A Gaussian bump exp(−a²/2), not monotone; its derivative is −a·f.
            [Derivative(nameof(GaussPrime))]
            public static double Gauss(double a) => Math.Exp(-0.5 * a * a);
            public static double GaussPrime(double a, double value) => -a * value;

        """;
}
