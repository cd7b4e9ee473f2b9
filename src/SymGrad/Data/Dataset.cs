namespace SymGrad;

/// <summary>
/// Labelled examples for training and evaluation: input vectors of one length and a target per input.
/// For classification the targets are ±1 and a model's class is the sign of its score.
/// </summary>
/// <remarks>The arrays are held, not copied: do not change them while the dataset is in use.</remarks>
public sealed class Dataset
{
    /// <summary>Checks and wraps <paramref name="inputs"/> and <paramref name="targets"/>.</summary>
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
            foreach (double value in row)
                if (!double.IsFinite(value)) throw new ArgumentException($"Input {i} holds {value}.", nameof(inputs));
            if (!double.IsFinite(targets[i])) throw new ArgumentException($"Target {i} is {targets[i]}.", nameof(targets));
        }
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>
    /// Wraps inputs labelled with classes 0..K−1, for a vector model: the labels become the targets (whole numbers), and
    /// training checks them against the model's K.
    /// </summary>
    /// <remarks>A factory rather than a constructor: <c>new Dataset(x, new[] { -1, 1 })</c> must keep meaning ±1 targets.</remarks>
    /// <exception cref="ArgumentException">As for <see cref="Dataset(double[][], double[])"/>, or a label is negative.</exception>
    public static Dataset WithLabels(double[][] inputs, int[] labels) => new(inputs, ToTargets(labels));

    private static double[] ToTargets(int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var targets = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            targets[i] = labels[i] >= 0 ? labels[i] : throw new ArgumentException($"Label {i} is {labels[i]}; classes are numbered from 0.", nameof(labels));
        return targets;
    }

    /// <summary>The input vectors, all of length <see cref="InputLength"/>.</summary>
    public double[][] Inputs { get; }

    /// <summary>The target of each input.</summary>
    public double[] Targets { get; }

    /// <summary>The number of examples.</summary>
    public int Count => Targets.Length;

    /// <summary>The length of every input vector.</summary>
    public int InputLength => Inputs[0].Length;

    /// <summary>
    /// Shuffles the examples with a generator seeded by <paramref name="seed"/> and splits them into a training
    /// part and a validation part holding <paramref name="validationFraction"/> of them (rounded, at least one each).
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

    /// <summary>The examples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        var inputs = new double[indices.Length][];
        var targets = new double[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            inputs[k] = Inputs[indices[k]];
            targets[k] = Targets[indices[k]];
        }
        return new Dataset(inputs, targets);
    }
}
