namespace SymGrad;

/// <summary>
/// Gradients of a vector model with respect to its input, for interpretability: which pixels or features move a class's
/// score or the loss. <see cref="Saliency"/> allocates nothing for up to <see cref="Workspace.StackLimit"/> scores, the loss
/// gradient for up to half as many (it keeps the scores and their adjoints).
/// </summary>
public static class InputGradients
{
    /// <summary>Adds <c>∂sₖ/∂x</c>, the saliency of class <paramref name="k"/>, into <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not a class of the model.</exception>
    public static void Saliency(this IVectorModel model, ReadOnlySpan<double> x, int k, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(model);
        Kernels.CheckLabel(k, model.OutputLength, nameof(k));
        int length = model.OutputLength;
        Span<double> seed = length <= Workspace.StackLimit ? stackalloc double[length] : new double[length];
        seed.Clear();
        seed[k] = 1.0;
        model.InputGradient(x, seed, gradient);
    }

    /// <summary>Adds <c>∂L/∂x</c> of the class loss <typeparamref name="TLoss"/> at label <paramref name="y"/> into <paramref name="gradient"/>, and returns L.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="y"/> is not a class of the model.</exception>
    public static double LossGradient<TLoss>(this IVectorModel model, ReadOnlySpan<double> x, int y, Span<double> gradient) where TLoss : IClassLoss
    {
        ArgumentNullException.ThrowIfNull(model);
        Kernels.CheckLabel(y, model.OutputLength, nameof(y));
        int length = model.OutputLength;
        Span<double> scratch = 2 * length <= Workspace.StackLimit ? stackalloc double[2 * length] : new double[2 * length];
        Span<double> scores = scratch[..length], seed = scratch[length..];
        model.Forward(x, scores);
        TLoss.Derivative(scores, y, seed);
        model.InputGradient(x, seed, gradient);
        return TLoss.Value(scores, y);
    }
}
