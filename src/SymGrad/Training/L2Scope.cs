namespace SymGrad;

/// <summary>Which parameter blocks the L2 penalty λ of <see cref="SgdOptions.L2"/> applies to.</summary>
public enum L2Scope
{
    /// <summary>
    /// Only matrix blocks (more than one column): the weights that multiply a layer's input. Vectors and scalars —
    /// biases, the output weights of a <c>Dot</c>, RBF widths — are not decayed. The default, because a block's
    /// shape cannot tell a bias from an output weight, and decaying biases is the usual thing to avoid.
    /// </summary>
    Matrices,

    /// <summary>Every parameter block, biases included.</summary>
    All,
}
