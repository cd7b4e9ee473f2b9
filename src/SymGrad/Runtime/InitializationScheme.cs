namespace SymGrad;

/// <summary>
/// How <see cref="ParameterInitializer"/> sizes each block's noise. A matrix block of R rows and C columns has
/// fan-in C and fan-out R; a vector or scalar block uses its length as fan-in (and fan-out), so no scheme leaves a block all zeros.
/// </summary>
public enum InitializationScheme
{
    /// <summary>σ = scale/√fan-in (LeCun): keeps tanh and sigmoid units out of saturation; the default.</summary>
    LeCun,

    /// <summary>σ = scale·√(2/(fan-in + fan-out)) (Glorot/Xavier): balances forward and backward variance for tanh layers.</summary>
    Glorot,

    /// <summary>σ = scale·√(2/fan-in) (He): for ReLU layers, which zero half their inputs.</summary>
    He,
}
