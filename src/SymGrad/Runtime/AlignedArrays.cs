using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymGrad;

/// <summary>
/// Scratch arrays whose usable part starts on a 64-byte boundary: one cache line, one <c>Vector512</c>. A 512-bit load
/// from an address that is not a multiple of 64 spans two cache lines; in the mnist-shaped W̄ += [t̄]ᵀ[x] product a
/// 64-byte-aligned gradient and input ran 7 % faster than the same call 8 or 32 bytes off (best of 2,000 interleaved calls
/// in one process, 131 against 141 µs), and <c>new T[n]</c> guarantees only 8 bytes, so the runtime's own scratch would be
/// aligned or not by the luck of each process. The arrays live on the pinned object heap, so the offset stays right.
/// </summary>
internal static class AlignedArrays
{
    /// <summary>The alignment, in bytes.</summary>
    public const int Alignment = 64;

    /// <summary>
    /// A pinned array with room for <paramref name="length"/> values from <paramref name="offset"/> on, where
    /// <paramref name="offset"/> is the first index whose address is a multiple of <see cref="Alignment"/>.
    /// Its values are not cleared unless <paramref name="zeroed"/>.
    /// </summary>
    public static T[] Allocate<T>(int length, out int offset, bool zeroed = false) where T : unmanaged
    {
        int total = AllocatedLength<T>(length);
        var array = zeroed ? GC.AllocateArray<T>(total, pinned: true) : GC.AllocateUninitializedArray<T>(total, pinned: true);
        offset = AlignedOffset(array);
        return array;
    }

    /// <summary>The first index of a pinned array whose address is a multiple of <see cref="Alignment"/>.</summary>
    public static int AlignedOffset<T>(T[] array) where T : unmanaged => EntriesToBoundary(ref MemoryMarshal.GetArrayDataReference(array));

    /// <summary>
    /// How many entries from <paramref name="first"/> on lie before the next address that is a multiple of
    /// <see cref="Alignment"/> (0 when it is one): a vector loop that takes them one at a time first stores whole cache
    /// lines. Memory that is not pinned may move afterwards; a loop over it is then only slower, never wrong.
    /// </summary>
    public static int EntriesToBoundary<T>(ref T first) where T : unmanaged
    {
        // The address as a byte offset from null.
        nint address = Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref first);
        return (int)((Alignment - address % Alignment) % Alignment) / Unsafe.SizeOf<T>();
    }

    /// <summary>The length of the array <see cref="Allocate"/> makes for <paramref name="length"/> values.</summary>
    public static int AllocatedLength<T>(int length) where T : unmanaged => length + Alignment / Unsafe.SizeOf<T>();
}

/// <summary>
/// Pinned arrays given back by finished training runs, for the next run that needs the same length. Runs back to back (a
/// hyperparameter search, restarts, a benchmark) then allocate no large buffers, and avoid the collections of every
/// generation that a megabyte of fresh pinned memory per run set off (6 in 20 mnist-shaped runs, docs/benchmarks.md).
/// Held by weak references, so a collection can still take them back; when all eight slots hold live arrays, a new one
/// replaces them in turn.
/// </summary>
internal static class AlignedArrayCache<T> where T : unmanaged
{
    private const int Slots = 8;
    private static readonly WeakReference<T[]>?[] s_slots = new WeakReference<T[]>?[Slots];
    private static readonly object s_lock = new(); // not System.Threading.Lock: the package also targets net8.0
    private static int s_next;

    /// <summary>A cached array of exactly <paramref name="length"/> entries, now the caller's alone, or null.</summary>
    public static T[]? Take(int length)
    {
        lock (s_lock)
            foreach (var slot in s_slots)
                if (slot is not null && slot.TryGetTarget(out var array) && array.Length == length)
                {
                    slot.SetTarget(null!);
                    return array;
                }
        return null;
    }

    /// <summary>Keeps <paramref name="array"/>, which its owner no longer uses, for a later <see cref="Take"/> (once, however often it is given).</summary>
    public static void Give(T[] array)
    {
        lock (s_lock)
        {
            int free = -1;
            for (int i = 0; i < Slots; i++)
            {
                if (s_slots[i] is { } slot && slot.TryGetTarget(out var held))
                {
                    if (ReferenceEquals(held, array)) return;
                }
                else if (free < 0) free = i;
            }
            if (free < 0) (free, s_next) = (s_next, (s_next + 1) % Slots);
            if (s_slots[free] is { } reference) reference.SetTarget(array);
            else s_slots[free] = new WeakReference<T[]>(array);
        }
    }
}

/// <summary>A buffer of <see cref="Length"/> values that starts on a 64-byte boundary (see <see cref="AlignedArrays"/>).</summary>
internal readonly struct AlignedBuffer<T> where T : unmanaged
{
    private readonly T[] _array;
    private readonly int _offset;

    /// <summary>A zeroed buffer of <paramref name="length"/> values.</summary>
    public AlignedBuffer(int length)
    {
        _array = AlignedArrays.Allocate<T>(length, out _offset, zeroed: true);
        Length = length;
    }

    private AlignedBuffer(T[] array, int length)
    {
        (_array, _offset, Length) = (array, AlignedArrays.AlignedOffset(array), length);
        Span.Clear();
    }

    /// <summary>
    /// A zeroed buffer of <paramref name="length"/> values for a training run: a cached array of a finished run's if there is
    /// one (<see cref="AlignedArrayCache{T}"/>), else a new one. The run gives it back with <see cref="Return"/> when done.
    /// </summary>
    public static AlignedBuffer<T> Rent(int length) =>
        AlignedArrayCache<T>.Take(AlignedArrays.AllocatedLength<T>(length)) is { } array ? new(array, length) : new(length);

    /// <summary>Gives the array to the cache for a later <see cref="Rent"/>: call once nothing reads or writes this buffer any more.</summary>
    public void Return()
    {
        if (_array is not null) AlignedArrayCache<T>.Give(_array);
    }

    /// <summary>How many values it holds.</summary>
    public int Length { get; }

    /// <summary>Its values.</summary>
    public Span<T> Span => new(_array, _offset, Length);
}
