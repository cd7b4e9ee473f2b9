namespace SymGrad;

// The argument checks of generated ForwardBatch and GradientBatch: the same checks, and messages, as the per-example
// defaults of IModel and IVectorModel.
public static partial class Kernels
{
    /// <summary>
    /// The number of examples B in <paramref name="inputLength"/> values of rows of <paramref name="rowLength"/>, checked
    /// against the <paramref name="expected"/> count of the per-example argument.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs are not whole rows, or there are not <paramref name="expected"/> of them.</exception>
    public static int BatchCount(int inputLength, int rowLength, int expected, string inputsName, string otherName) =>
        Batches.Count(inputLength, rowLength, expected, inputsName, otherName);

    /// <summary>Checks every label is a class 0..K−1.</summary>
    /// <exception cref="ArgumentException">A label is outside 0..K−1.</exception>
    public static void CheckLabels(ReadOnlySpan<int> labels, int classes, string name) => Batches.CheckLabels(labels, classes, name);

    /// <summary>
    /// The length of a minibatch call's scratch memory, <paramref name="count"/> rows of <paramref name="rowLength"/>
    /// values and <paramref name="shared"/> values computed once for the whole minibatch, checked to fit one array.
    /// </summary>
    /// <exception cref="ArgumentException">The minibatch is too large for one call; nothing has been written.</exception>
    public static int BatchScratchLength(int count, long rowLength, long shared, string inputsName)
    {
        long length = count * rowLength + shared;
        if (length > Array.MaxLength)
            throw new ArgumentException($"A minibatch of {count} examples needs {length} values of scratch memory, more than an array holds: split it.", inputsName);
        return (int)length;
    }
}
