namespace SymGrad.Tests;

/// <summary>
/// The training loop's gather of a shuffled minibatch (<see cref="Dataset.GatherInputs"/>): the rows of a list of indices,
/// one after another, in either layout, whether copied entry by entry (short rows) or by a memory copy with the rows
/// ahead asked for in the cache (<see cref="CachePrefetch"/>).
/// </summary>
public sealed class GatherTests
{
    /// <summary>Example i's input is i·1000 + j at position j: every value says where it came from.</summary>
    private static Dataset Numbered(int count, int length, bool contiguous)
    {
        var values = new double[count * length];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < length; j++) values[i * length + j] = i * 1000 + j;
        var targets = new double[count];
        var data = new Dataset(values, length, targets);
        return contiguous ? data : new Dataset(data.Inputs, targets);
    }

    public static TheoryData<int, bool> Layouts()
    {
        var cases = new TheoryData<int, bool>();
        // 2 and 8 take the entry-by-entry copy; 9 is the first long row; 784 is the mnist-shaped row of 98 cache lines.
        foreach (int length in new[] { 1, 2, 8, 9, 17, 784 })
            foreach (bool contiguous in new[] { true, false }) cases.Add(length, contiguous);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Rows_are_copied_in_the_order_of_the_indices(int length, bool contiguous)
    {
        const int Count = 50;
        var data = Numbered(Count, length, contiguous);
        // The first and last rows, a repeat, and lists shorter, as long as and longer than the distance the copy looks ahead.
        int[][] lists = [[Count - 1], [0, Count - 1], [7, 0, 7], [.. Enumerable.Range(0, Count).Reverse()], [.. Enumerable.Range(0, Count).Select(i => i * 17 % Count)]];
        foreach (var indices in lists)
        {
            var destination = new double[indices.Length * length + 3];
            destination.AsSpan().Fill(-1);
            data.GatherInputs(indices, destination);
            for (int k = 0; k < indices.Length; k++)
                for (int j = 0; j < length; j++) Assert.Equal(indices[k] * 1000 + j, destination[k * length + j]);
            Assert.Equal([-1, -1, -1], destination[^3..]); // nothing past the rows
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(784)]
    public void An_index_outside_the_examples_throws(int length)
    {
        var data = Numbered(10, length, contiguous: true);
        var destination = new double[3 * length];
        Assert.Throws<ArgumentOutOfRangeException>(() => data.GatherInputs([1, 10, 2], destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.GatherInputs([-1], destination));
    }

    [Fact]
    public void A_destination_too_short_for_the_rows_throws()
    {
        var data = Numbered(10, 2, contiguous: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.GatherInputs([1, 2, 3], new double[5]));
    }

    [Fact]
    public void Cache_hints_leave_every_value_as_it_was()
    {
        // Spans of every length up to a few lines, starting at every double of a line: the hints' first and last lines.
        var values = AlignedArrays.Allocate<double>(64, out int offset);
        for (int i = 0; i < values.Length; i++) values[i] = i * 0.5;
        var before = (double[])values.Clone();
        for (int start = offset; start < offset + 8; start++)
            for (int length = 0; start + length <= values.Length; length++) CachePrefetch.Near(values.AsSpan(start, length));
        Assert.Equal(before, values);
    }
}
