using static SymGrad.Ops;

namespace SymGrad.Tests;

public static partial class Models
{
    /// <summary>
    /// Elementwise ops that all have lane forms (Relu, Square, Abs, Max, Min, a conditional, + − * / and unary −), so the
    /// generated loops over D run Vector&lt;T&gt;.Count entries at a time. Every entry of ∂f/∂x, ∂f/∂a and ∂f/∂u depends on
    /// that entry's x, a and u alone (the sums' adjoint is 1), which <see cref="LaneTests"/> uses to compare them with a
    /// one-entry model's, computed entirely by the scalar tails.
    /// </summary>
    [Model(Precision = Precision.Float64 | Precision.Float32)]
    public static double LaneWise([Shape("D")] Vec x, [Shape("D")] Vec a, [Shape("D")] Vec u)
        => Sum(Relu(a * x - u) + Square(u) / (Abs(a) + 1.0) + Max(x, u) - Min(a, -x))
         + Sum(x.Length, d => x[d] > 0.5 ? a[d] * x[d] : u[d] - x[d] / 3.0);
}
