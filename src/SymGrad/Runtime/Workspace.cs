using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace SymGrad;

/// <summary>
/// Scratch memory for generated <c>Forward</c> and <c>Gradient</c> methods, which is what makes one model instance
/// safe to call from many threads at once: the vectors a call keeps between its loops live in the call's own
/// memory, never in the instance. Up to <see cref="StackLimit"/> values they are on the call's stack; above it
/// each thread reuses one array of its own per model class (<see cref="Workspace{TModel, T}"/>).
/// </summary>
public static class Workspace
{
    /// <summary>Scratch of up to this many values (8 KiB of doubles) is taken from the stack.</summary>
    public const int StackLimit = 1024;
}

/// <summary>
/// The per-thread scratch array of one model class, for calls that need more than <see cref="Workspace.StackLimit"/>
/// values: allocated on a thread's first such call, and again only when a larger model of the class needs more.
/// Not meant to be called by user code.
/// </summary>
/// <typeparam name="TModel">The generated model class; each has its own arrays, so one model's call never sees another's.</typeparam>
/// <typeparam name="T">The model's element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Workspace<TModel, T> where T : unmanaged
{
    [ThreadStatic]
    private static T[]? t_buffer;

    [ThreadStatic]
    private static int t_offset;

    /// <summary>
    /// The first <paramref name="length"/> values of this thread's array, grown when too short. Its contents are whatever
    /// the last call left: generated code writes every value before reading it.
    /// </summary>
    /// <param name="length">How many values the call needs.</param>
    // Out of line, so that the thread-static lookup stays out of the generated methods, whose small models never take it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Span<T> ForThread(int length)
    {
        var buffer = t_buffer;
        // Starting on a cache line, so that the blocks (and the rows of blocks whose rows are whole lines) are too.
        if (buffer is null || buffer.Length - t_offset < length) t_buffer = buffer = ThreadScratch.Allocate<T>(length, out t_offset);
        return new Span<T>(buffer, t_offset, length);
    }
}
