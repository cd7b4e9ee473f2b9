using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymGrad.Tests;

/// <summary>The runtime's scratch starts on a 64-byte boundary, whatever the allocator hands out.</summary>
public sealed class AlignedArraysTests
{
    private static long Address<T>(Span<T> span) =>
        Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref MemoryMarshal.GetReference(span));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Allocated_arrays_have_room_from_an_aligned_offset(int length)
    {
        // Many allocations, so that some land off a 64-byte boundary and need a non-zero offset.
        var offsets = new HashSet<int>();
        for (int i = 0; i < 64; i++)
        {
            var doubles = AlignedArrays.Allocate<double>(length, out int offset);
            Assert.True(doubles.Length - offset >= length);
            Assert.Equal(0, Address(doubles.AsSpan(offset)) % AlignedArrays.Alignment);
            offsets.Add(offset);
            var floats = AlignedArrays.Allocate<float>(length, out int floatOffset, zeroed: true);
            Assert.True(floats.Length - floatOffset >= length);
            Assert.Equal(0, Address(floats.AsSpan(floatOffset)) % AlignedArrays.Alignment);
            Assert.All(floats, f => Assert.Equal(0f, f));
        }
        Assert.All(offsets, o => Assert.InRange(o, 0, 7));
    }

    [Fact]
    public void A_threads_workspace_starts_on_a_cache_line_and_is_reused_until_it_must_grow()
    {
        var small = Workspace<AlignedArraysTests, double>.ForThread(3000);
        Assert.Equal(0, Address(small) % AlignedArrays.Alignment);
        var again = Workspace<AlignedArraysTests, double>.ForThread(2000);
        Assert.Equal(Address(small), Address(again));
        var larger = Workspace<AlignedArraysTests, double>.ForThread(50_000);
        Assert.Equal(0, Address(larger) % AlignedArrays.Alignment);
        Assert.Equal(50_000, larger.Length);
    }
}
