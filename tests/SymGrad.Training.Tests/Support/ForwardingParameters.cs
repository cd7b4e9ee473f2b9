using System.Numerics;

namespace SymGrad.Training.Tests.Support;

/// <summary>The <see cref="IParameterized{T}"/> members of a forwarding test model, read from the model it wraps.</summary>
public abstract class ForwardingParameters<T>(IParameterized<T> inner) where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name => inner.Name;
    public string FullName => inner.FullName;
    public int InputLength => inner.InputLength;
    public int ParameterCount => inner.ParameterCount;
    public Span<T> Parameters => inner.Parameters;
    public IReadOnlyList<ParameterBlock> Blocks => inner.Blocks;
}

/// <summary>The <see cref="IParameterized"/> members of a float64 forwarding test model.</summary>
public abstract class ForwardingParameters(IParameterized inner) : ForwardingParameters<double>(inner);
