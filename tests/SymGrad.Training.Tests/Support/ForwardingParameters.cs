namespace SymGrad.Training.Tests.Support;

/// <summary>The <see cref="IParameterized"/> members of a forwarding test model, read from the model it wraps.</summary>
public abstract class ForwardingParameters(IParameterized inner)
{
    public string Name => inner.Name;
    public string FullName => inner.FullName;
    public int InputLength => inner.InputLength;
    public int ParameterCount => inner.ParameterCount;
    public Span<double> Parameters => inner.Parameters;
    public IReadOnlyList<ParameterBlock> Blocks => inner.Blocks;
}
