namespace SymGrad;

/// <summary>
/// A per-example loss <c>L(g, y)</c> of a model's score <c>g</c> against a target <c>y</c>.
/// Static abstract members let the JIT inline the loss into a generated <c>Gradient&lt;TLoss&gt;</c>.
/// </summary>
public interface ILoss
{
    /// <summary>The loss value <c>L(g, y)</c>.</summary>
    static abstract double Value(double g, double y);

    /// <summary>The seed of the backward pass, <c>ḡ = ∂L/∂g</c>.</summary>
    static abstract double Derivative(double g, double y);
}

/// <summary>
/// A loss for labels y ∈ {−1, +1} (logistic, hinge): training checks every target first, since 0/1 labels, the common
/// slip, would train without an error and mean something else.
/// </summary>
public interface IBinaryLoss : ILoss;
