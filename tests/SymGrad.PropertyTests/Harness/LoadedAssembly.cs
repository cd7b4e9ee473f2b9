using System.Reflection;
using System.Runtime.Loader;

namespace SymGrad.PropertyTests.Harness;

/// <summary>
/// An emitted assembly loaded into a collectible context, unloaded on dispose so hundreds of
/// generated models do not pile up in the test process. SymGrad itself resolves to the test's copy,
/// so generated models are the test's <see cref="IModel"/>.
/// </summary>
public sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    public LoadedAssembly(string name, Stream image)
    {
        _context = new AssemblyLoadContext(name, isCollectible: true);
        Assembly = _context.LoadFromStream(image);
    }

    public Assembly Assembly { get; }

    public void Dispose() => _context.Unload();
}
