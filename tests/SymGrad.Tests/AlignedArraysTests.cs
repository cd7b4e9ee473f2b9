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

    // θ from ParameterStorage: a generated model's parameters (and a clone's, and the float32 class's) start on a cache
    // line, whatever address the allocator gives the array, and the named views are the blocks of that same θ.
    [Fact]
    public void A_generated_models_parameters_start_on_a_cache_line()
    {
        for (int i = 0; i < 32; i++)
        {
            var model = new Models.TwoLayerModel(H: 3 + i, D: 5, seed: i);
            Assert.Equal(0, Address(model.Parameters) % AlignedArrays.Alignment);
            Assert.Equal(model.ParameterCount, model.Parameters.Length);
            Assert.Equal(model.ParameterCount, (3 + i) * 5 + 2 * (3 + i));
            model.Parameters[model.Blocks[1].Offset] = 42; // b[0]
            Assert.Equal(42, model.b[0]);
            Assert.Equal(Address(model.Parameters), Address(model.W));

            var clone = (Models.TwoLayerModel)model.Clone();
            Assert.Equal(0, Address(clone.Parameters) % AlignedArrays.Alignment);
            Assert.Equal(model.Parameters.ToArray(), clone.Parameters.ToArray());
            clone.Parameters[0] = -1;
            Assert.NotEqual(-1, model.Parameters[0]);

            var single = new Models.TwoLayerModelFloat32(H: 3 + i, D: 5, seed: i);
            Assert.Equal(0, Address(single.Parameters) % AlignedArrays.Alignment);
            Assert.Equal(single.ParameterCount, single.Parameters.Length);
            // Mixed-precision training's float64 master copy of it.
            var master = new MasterParameters(single);
            Assert.Equal(0, Address(master.Parameters) % AlignedArrays.Alignment);
            Assert.Equal(single.ParameterCount, master.Parameters.Length);
            Assert.Equal((double)single.Parameters[^1], master.Parameters[^1]);
        }
    }

    [Fact]
    public void Parameter_storage_is_zeroed_aligned_and_refuses_a_bad_length_by_name()
    {
        var values = ParameterStorage.Allocate<double>(1000, out int start);
        Assert.Equal(0, Address(values.AsSpan(start, 1000)) % AlignedArrays.Alignment);
        Assert.All(values, v => Assert.Equal(0.0, v));
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => ParameterStorage.Allocate<double>(-1, out _)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => ParameterStorage.Allocate<float>(ParameterStorage.MaxLength + 1, out _)).ParamName);
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

    // The cache is per element type: these tests use long, which no training run rents, so runs in parallel tests do not
    // take their arrays. The first buffer stays referenced to the end, so a collection cannot clear the weak reference.

    [Fact]
    public void A_returned_buffer_is_rented_again_zeroed_and_aligned()
    {
        var first = AlignedBuffer<long>.Rent(12_345);
        first.Span.Fill(7);
        first.Return();
        var second = AlignedBuffer<long>.Rent(12_345);
        Assert.Equal(Address(first.Span), Address(second.Span));
        Assert.Equal(0, Address(second.Span) % AlignedArrays.Alignment);
        Assert.Equal(12_345, second.Length);
        Assert.All(second.Span.ToArray(), value => Assert.Equal(0L, value));
        GC.KeepAlive(first);
    }

    [Fact]
    public void A_buffer_returned_twice_goes_to_one_renter_and_another_length_gets_its_own()
    {
        var first = AlignedBuffer<long>.Rent(777);
        first.Return();
        first.Return();
        var taken = AlignedBuffer<long>.Rent(777);
        var fresh = AlignedBuffer<long>.Rent(777);
        Assert.Equal(Address(first.Span), Address(taken.Span));
        Assert.NotEqual(Address(taken.Span), Address(fresh.Span));
        fresh.Return();
        var other = AlignedBuffer<long>.Rent(778);
        Assert.NotEqual(Address(fresh.Span), Address(other.Span));
        Assert.Equal(778, other.Length);
        GC.KeepAlive(first);
    }
}
