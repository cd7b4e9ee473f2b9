using System.Numerics.Tensors;
namespace SymGrad;

/// <summary>
/// Labelled examples for training and evaluation: input vectors of one length and a target per input.
/// For classification the targets are ±1 and a model's class is the sign of its score.
/// </summary>
/// <remarks>
/// The inputs are held in one of two layouts: an array per row (<see cref="Dataset(double[][], double[])"/>), or one
/// contiguous row-major array (<see cref="Dataset(double[], int, double[])"/>), where any run of consecutive examples is
/// a single span (<see cref="InputRows"/>), ready for a model's <c>ForwardBatch</c> and <c>GradientBatch</c>.
/// <see cref="Input"/> reads one row in either layout. The arrays are held, not copied: do not change them while the
/// dataset is in use.
/// </remarks>
public sealed class Dataset
{
    private readonly double[][]? _rows;
    private readonly double[]? _values;
    private double[][]? _copiedRows;

    /// <summary>Checks and wraps <paramref name="inputs"/>, an array per row, and <paramref name="targets"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument or an input row is null.</exception>
    /// <exception cref="ArgumentException">
    /// There are no examples, the counts differ, the rows have different or zero lengths,
    /// or a value is NaN or infinite.
    /// </exception>
    public Dataset(double[][] inputs, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Length == 0) throw new ArgumentException("The data set must hold at least one example.", nameof(inputs));
        if (targets.Length != inputs.Length)
            throw new ArgumentException($"There are {inputs.Length} inputs but {targets.Length} targets.", nameof(targets));
        int length = inputs[0]?.Length ?? throw new ArgumentNullException(nameof(inputs), "Input 0 is null.");
        if (length == 0) throw new ArgumentException("Inputs must have at least one entry.", nameof(inputs));
        for (int i = 0; i < inputs.Length; i++)
        {
            double[] row = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"Input {i} is null.");
            if (row.Length != length)
                throw new ArgumentException($"Input {i} has length {row.Length}, but input 0 has length {length}.", nameof(inputs));
            CheckRow(row, i, nameof(inputs));
        }
        CheckTargets(targets);
        (_rows, Targets, InputLength) = (inputs, targets, length);
    }

    /// <summary>
    /// Checks and wraps <paramref name="inputs"/>, the examples' inputs one after another (row-major: example i is
    /// <c>inputs[i·inputLength .. (i+1)·inputLength)</c>), and <paramref name="targets"/>, one per example.
    /// </summary>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputLength"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">
    /// There are no examples, the inputs are not whole rows, their count differs from the targets', or a value is NaN or infinite.
    /// </exception>
    public Dataset(double[] inputs, int inputLength, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputLength, 1);
        if (inputs.Length == 0) throw new ArgumentException("The data set must hold at least one example.", nameof(inputs));
        if (inputs.Length % inputLength != 0)
            throw new ArgumentException($"The inputs have {inputs.Length} values, which is not a whole number of rows of {inputLength}.", nameof(inputs));
        int count = inputs.Length / inputLength;
        if (targets.Length != count)
            throw new ArgumentException($"There are {count} inputs (rows of {inputLength}) but {targets.Length} targets.", nameof(targets));
        for (int i = 0; i < count; i++) CheckRow(inputs.AsSpan(i * inputLength, inputLength), i, nameof(inputs));
        CheckTargets(targets);
        (_values, Targets, InputLength) = (inputs, targets, inputLength);
    }

    /// <summary>
    /// Wraps inputs labelled with classes 0..K−1, for a vector model: the labels become the targets (whole numbers), and
    /// training checks them against the model's K.
    /// </summary>
    /// <remarks>A factory rather than a constructor: <c>new Dataset(x, new[] { -1, 1 })</c> must keep meaning ±1 targets.</remarks>
    /// <exception cref="ArgumentException">As for <see cref="Dataset(double[][], double[])"/>, or a label is negative.</exception>
    public static Dataset WithLabels(double[][] inputs, int[] labels) => new(inputs, ToTargets(labels));

    /// <summary>Wraps contiguous row-major inputs labelled with classes 0..K−1; see <see cref="WithLabels(double[][], int[])"/>.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Dataset(double[], int, double[])"/>, or a label is negative.</exception>
    public static Dataset WithLabels(double[] inputs, int inputLength, int[] labels) => new(inputs, inputLength, ToTargets(labels));

    private static double[] ToTargets(int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var targets = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            targets[i] = labels[i] >= 0 ? labels[i] : throw new ArgumentException($"Label {i} is {labels[i]}; classes are numbered from 0.", nameof(labels));
        return targets;
    }

    private static void CheckRow(ReadOnlySpan<double> row, int index, string argument)
    {
        foreach (double value in row)
            if (!double.IsFinite(value)) throw new ArgumentException($"Input {index} holds {value}.", argument);
    }

    private static void CheckTargets(double[] targets)
    {
        for (int i = 0; i < targets.Length; i++)
            if (!double.IsFinite(targets[i])) throw new ArgumentException($"Target {i} is {targets[i]}.", nameof(targets));
    }

    /// <summary>
    /// The input vectors as an array per row, all of length <see cref="InputLength"/>. For a contiguous dataset the rows
    /// are copied on first use (and held, so the copy is made once); prefer <see cref="Input"/> or <see cref="InputRows"/>.
    /// </summary>
    public double[][] Inputs => _rows ?? (_copiedRows ??= CopyRows());

    /// <summary>The target of each input.</summary>
    public double[] Targets { get; }

    /// <summary>The number of examples.</summary>
    public int Count => Targets.Length;

    /// <summary>The length of every input vector.</summary>
    public int InputLength { get; }

    /// <summary>Whether the inputs are one row-major array, so that <see cref="InputRows"/> works.</summary>
    public bool IsContiguous => _values is not null;

    /// <summary>The input of example <paramref name="index"/>, in either layout, without copying.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an example's.</exception>
    public ReadOnlySpan<double> Input(int index)
    {
        if ((uint)index >= (uint)Count) ThrowNotAnExample(index, nameof(index));
        return _values is not null ? _values.AsSpan(index * InputLength, InputLength) : _rows![index];
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowNotAnExample(int index, string argument) =>
        throw new ArgumentOutOfRangeException(argument, index, $"There are {Count} examples, numbered 0 to {Count - 1}.");

    /// <summary>
    /// The inputs of the <paramref name="count"/> examples from <paramref name="start"/>, row-major in one span, without
    /// copying: a minibatch for <c>ForwardBatch</c> or <c>GradientBatch</c>. Needs the contiguous layout
    /// (<see cref="ToContiguous"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The dataset holds an array per row.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie within the examples.</exception>
    public ReadOnlySpan<double> InputRows(int start, int count)
    {
        if (_values is null)
            throw new InvalidOperationException("This dataset holds an array per row; call ToContiguous() for one whose rows are a single span.");
        if ((uint)start > (uint)Count || (uint)count > (uint)(Count - start))
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows {start}..{start + count - 1} are not within the {Count} examples.");
        return _values.AsSpan(start * InputLength, count * InputLength);
    }

    /// <summary>This dataset if it is contiguous, else a contiguous copy of its inputs (sharing the targets).</summary>
    public Dataset ToContiguous()
    {
        if (_values is not null) return this;
        var values = new double[Count * InputLength];
        for (int i = 0; i < Count; i++) _rows![i].CopyTo(values, i * InputLength);
        return new Dataset(values, InputLength, Targets);
    }

    /// <summary>
    /// Shuffles the examples with a generator seeded by <paramref name="seed"/> and splits them into a training
    /// part and a validation part holding <paramref name="validationFraction"/> of them (rounded, at least one each).
    /// Both parts keep this dataset's layout.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">There are fewer than two examples.</exception>
    public (Dataset Train, Dataset Validation) Split(double validationFraction, int seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must lie strictly between 0 and 1.");
        if (Count < 2) throw new ArgumentException("Splitting needs at least two examples.", nameof(validationFraction));
        int[] order = Shuffling.Permutation(Count, new Random(seed));
        int validationCount = Math.Clamp((int)Math.Round(validationFraction * Count), 1, Count - 1);
        return (Subset(order.AsSpan(validationCount)), Subset(order.AsSpan(0, validationCount)));
    }

    /// <summary>
    /// The examples at <paramref name="indices"/>, in that order, in this dataset's layout (a contiguous dataset's subset
    /// copies the rows; a per-row dataset's shares them).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="indices"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not an example's.</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty) throw new ArgumentException("A subset needs at least one example.", nameof(indices));
        foreach (int index in indices)
            if ((uint)index >= (uint)Count) ThrowNotAnExample(index, nameof(indices));
        var targets = new double[indices.Length];
        for (int k = 0; k < indices.Length; k++) targets[k] = Targets[indices[k]];
        if (_values is not null)
        {
            var values = new double[indices.Length * InputLength];
            for (int k = 0; k < indices.Length; k++) Input(indices[k]).CopyTo(values.AsSpan(k * InputLength));
            return new Dataset(values, InputLength, targets);
        }
        var inputs = new double[indices.Length][];
        for (int k = 0; k < indices.Length; k++) inputs[k] = _rows![indices[k]];
        return new Dataset(inputs, targets);
    }

    /// <summary>
    /// Copies the rows of <paramref name="indices"/> one after another into <paramref name="destination"/>. While a row is
    /// copied, the one <see cref="RowsAhead"/> further on is asked for in the cache, so that its misses overlap the copy.
    /// With <paramref name="measure"/>, returns the largest |x| of the copied rows (NaN if one holds a NaN), each row read
    /// again while it is still in the level-1 cache; else 0.
    /// </summary>
    internal double GatherInputs(ReadOnlySpan<int> indices, Span<double> destination, bool measure = false)
    {
        int length = InputLength;
        double largest = 0;
        if (_values is not null && length <= ShortRow)
        {
            // Rows of a few values (the two moons' two coordinates): an element loop, not a memory-copy call per row.
            var values = _values.AsSpan();
            for (int k = 0; k < indices.Length; k++)
            {
                var row = values.Slice(checked(indices[k] * length), length);
                var to = destination.Slice(k * length, length);
                for (int j = 0; j < row.Length; j++) to[j] = row[j];
                if (measure) largest = Largest(largest, to);
            }
            return largest;
        }
        for (int k = 0; k < indices.Length; k++)
        {
            if (k + RowsAhead < indices.Length) CachePrefetch.Near(Input(indices[k + RowsAhead]));
            var to = destination.Slice(k * length, length);
            Input(indices[k]).CopyTo(to);
            if (measure) largest = Largest(largest, to);
        }
        return largest;
    }

    /// <summary>The larger of <paramref name="largest"/> and the row's largest |x|; Math.Max keeps a NaN from either.</summary>
    private static double Largest(double largest, ReadOnlySpan<double> row) =>
        row.IsEmpty ? largest : Math.Max(largest, Math.Abs(TensorPrimitives.MaxMagnitude(row)));

    /// <summary>The longest row <see cref="GatherInputs"/> copies entry by entry.</summary>
    private const int ShortRow = 8;

    /// <summary>
    /// How many rows ahead of the copy <see cref="GatherInputs"/> asks for a row. One, two and four measured alike on the
    /// mnist-shaped rows; two such rows (12 KiB) sit in the level-1 cache beside the row being copied.
    /// </summary>
    private const int RowsAhead = 2;

    private double[][] CopyRows()
    {
        var rows = new double[Count][];
        for (int i = 0; i < rows.Length; i++) rows[i] = Input(i).ToArray();
        return rows;
    }
}
