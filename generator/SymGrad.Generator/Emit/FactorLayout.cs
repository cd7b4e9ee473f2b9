using System.Collections.Generic;
using System.Linq;
using SymGrad.Generator.Model;
using SymGrad.Generator.Optimize;

namespace SymGrad.Generator.Emit;

/// <summary>
/// Where GradientFactored writes the factors of its factored blocks in its <c>factors</c> span: block after block in
/// θ's order, each its rows' factor (one entry per row) then its columns' factor (one per column). Offsets are code over
/// the dimensions, valid in the constructor (its arguments) and in the methods (their locals of the same names).
/// </summary>
internal sealed class FactorLayout
{
    /// <summary>One factored block: its index among θ's blocks, where its two factors start, and whether its columns' factor is the input.</summary>
    public sealed record Entry(FactoredBlock Block, int BlockIndex, string RowsOffset, string ColumnsOffset, Shape Shape, bool ColumnsAreInput);

    private readonly Dictionary<int, Entry> _bySink = new();

    /// <param name="blocks">The factored blocks.</param>
    /// <param name="parameters">θ's blocks, in order.</param>
    /// <param name="argument">The name of the factors' span in the method.</param>
    /// <param name="input">The input's node.</param>
    public FactorLayout(IEnumerable<FactoredBlock> blocks, IReadOnlyList<Node> parameters, string argument, int input)
    {
        Argument = argument;
        var offsets = new List<string>();
        var ordered = blocks.Select(b => (Block: b, Index: IndexOf(parameters, b.Parameter))).OrderBy(x => x.Index);
        foreach (var (block, index) in ordered)
        {
            var shape = parameters[index].Shape;
            string rows = ModelEmitter.SumOf(offsets, longSum: false);
            offsets.Add(shape.Rows.Code);
            var entry = new Entry(block, index, rows, ModelEmitter.SumOf(offsets, longSum: false), shape, block.Columns == input);
            offsets.Add(shape.Columns.Code);
            Entries.Add(entry);
            _bySink[block.Sink] = entry;
        }
        Length = ModelEmitter.SumOf(offsets, longSum: false);
    }

    /// <summary>The factored blocks in θ's order.</summary>
    public List<Entry> Entries { get; } = new();

    /// <summary>The name of the factors' span.</summary>
    public string Argument { get; }

    /// <summary>The length of the factors' span, as code.</summary>
    public string Length { get; }

    /// <summary>The factored block a sink belongs to, or null when the sink adds into the gradient as usual.</summary>
    public Entry? OfSink(int sink) => _bySink.TryGetValue(sink, out var entry) ? entry : null;

    /// <summary>Where a minibatch's factor starts, given where one example's starts: every factor is a B-row block.</summary>
    public static string Scaled(string offset, string count) =>
        offset == "0" ? "0" : offset.Contains("+") ? $"{count} * ({offset})" : $"{count} * {offset}";

    /// <summary>Where in the factors' span entry i of the rows' factor lies, as code.</summary>
    public string RowIndex(Entry entry) => entry.RowsOffset == "0" ? "i" : $"{entry.RowsOffset} + i";

    private static int IndexOf(IReadOnlyList<Node> parameters, int id)
    {
        for (int k = 0; k < parameters.Count; k++) if (parameters[k].Id == id) return k;
        throw new System.InvalidOperationException("A factored block is not a parameter.");
    }
}
