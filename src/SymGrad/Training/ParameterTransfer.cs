namespace SymGrad;

/// <summary>
/// Copies named parameter blocks between models: layer-wise training initialises a deeper net with the layers
/// of a trained shallow one.
/// </summary>
public static class ParameterTransfer
{
    /// <summary>The block called <paramref name="name"/> in <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">The model has no such block.</exception>
    public static ParameterBlock FindBlock(IParameterized model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(name);
        foreach (var block in model.Blocks)
            if (block.Name == name) return block;
        throw new ArgumentException(
            $"Model {model.Name} has no parameter block '{name}'; its blocks are {string.Join(", ", model.Blocks.Select(b => b.Name))}.", nameof(name));
    }

    /// <summary>The entries of the block called <paramref name="name"/>, a view into <see cref="IParameterized{T}.Parameters"/>.</summary>
    /// <exception cref="ArgumentException">The model has no such block.</exception>
    public static Span<double> BlockValues(IParameterized model, string name)
    {
        var block = FindBlock(model, name);
        return model.Parameters.Slice(block.Offset, block.Length);
    }

    /// <summary>Copies the blocks called <paramref name="names"/> from <paramref name="source"/> into the blocks of the same names in <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">A block is missing or the shapes differ; nothing has been copied.</exception>
    public static void CopyBlocks(IParameterized source, IParameterized target, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        CopyBlocks(source, target, names.Select(n => (n, n)).ToArray());
    }

    /// <summary>
    /// Copies each block <c>From</c> of <paramref name="source"/> into block <c>To</c> of <paramref name="target"/>, exactly.
    /// Every mapping is checked first (both blocks exist, same rows and columns, no target block named twice),
    /// so either all blocks are copied or none is.
    /// </summary>
    /// <exception cref="ArgumentException">A check failed; nothing has been copied.</exception>
    public static void CopyBlocks(IParameterized source, IParameterized target, params (string From, string To)[] mappings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(mappings);
        if (mappings.Length == 0) throw new ArgumentException("Name at least one block to copy.", nameof(mappings));
        var pairs = new (ParameterBlock From, ParameterBlock To)[mappings.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < mappings.Length; i++)
        {
            var from = FindBlock(source, mappings[i].From);
            var to = FindBlock(target, mappings[i].To);
            if (from.Rows != to.Rows || from.Columns != to.Columns)
                throw new ArgumentException(
                    $"Block {source.Name}.{from.Name} is {from.Rows}×{from.Columns} but {target.Name}.{to.Name} is {to.Rows}×{to.Columns}.", nameof(mappings));
            if (!seen.Add(to.Name)) throw new ArgumentException($"Block {target.Name}.{to.Name} is named twice as a target.", nameof(mappings));
            pairs[i] = (from, to);
        }
        foreach (var (from, to) in pairs)
            source.Parameters.Slice(from.Offset, from.Length).CopyTo(target.Parameters.Slice(to.Offset, to.Length));
    }
}
