using SymGrad.Training.Tests.Support;

namespace SymGrad.Training.Tests;

public class ParameterTransferTests
{
    private static (Models.ShallowModel Shallow, Models.DeepModel Deep) Pair(int hidden = 5)
    {
        var shallow = new Models.ShallowModel(H: hidden, D: 2, seed: 0);
        shallow.Initialize(seed: 1);
        var deep = new Models.DeepModel(H: 5, D: 2, seed: 0);
        deep.Initialize(seed: 2);
        return (shallow, deep);
    }

    [Fact]
    public void Named_blocks_are_copied_exactly_and_nothing_else_changes()
    {
        var (shallow, deep) = Pair();
        var before = Theta.Of(deep);
        ParameterTransfer.CopyBlocks(shallow, deep, "W1", "b1", "c");

        Theta.AssertBitIdentical(shallow.W1, deep.W1);
        Theta.AssertBitIdentical(shallow.b1, deep.b1);
        Assert.Equal(BitConverter.DoubleToInt64Bits(shallow.c[0]), BitConverter.DoubleToInt64Bits(deep.c[0]));
        var copied = new[] { "W1", "b1", "c" }.Select(n => ParameterTransfer.FindBlock(deep, n)).ToList();
        for (int k = 0; k < before.Length; k++)
            if (!copied.Any(b => k >= b.Offset && k < b.Offset + b.Length))
                Assert.Equal(BitConverter.DoubleToInt64Bits(before[k]), BitConverter.DoubleToInt64Bits(deep.Parameters[k]));
    }

    [Fact]
    public void Blocks_can_be_mapped_to_other_names()
    {
        var (shallow, deep) = Pair();
        ParameterTransfer.CopyBlocks(shallow, deep, ("b1", "b3"), ("v", "b2"));
        Theta.AssertBitIdentical(shallow.b1, deep.b3);
        Theta.AssertBitIdentical(shallow.v, deep.b2);
    }

    [Fact]
    public void A_shape_mismatch_or_missing_block_copies_nothing()
    {
        var (shallow, deep) = Pair(hidden: 4);
        var before = Theta.Of(deep);
        var shape = Assert.Throws<ArgumentException>(() => ParameterTransfer.CopyBlocks(shallow, deep, "c", "W1"));
        Assert.Contains("4×2", shape.Message);
        Assert.Contains("5×2", shape.Message);
        var missing = Assert.Throws<ArgumentException>(() => ParameterTransfer.CopyBlocks(shallow, deep, "c", "W2"));
        Assert.Contains("'W2'", missing.Message);
        Assert.Throws<ArgumentException>(() => ParameterTransfer.CopyBlocks(shallow, deep, ("c", "c"), ("c", "c")));
        Theta.AssertBitIdentical(before, Theta.Of(deep));
    }

    [Fact]
    public void Block_values_are_a_view_into_theta()
    {
        var (shallow, _) = Pair();
        ParameterTransfer.BlockValues(shallow, "v")[2] = 42;
        Assert.Equal(42, shallow.v[2]);
    }
}
