namespace SymGrad;

/// <summary>Argument checks shared by the minibatch methods of <see cref="IModel"/> and <see cref="IVectorModel"/>.</summary>
internal static class Batches
{
    /// <summary>
    /// The number of examples B in <paramref name="inputLength"/> values of rows of <paramref name="rowLength"/>, checked
    /// against the <paramref name="expected"/> count of the per-example argument.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs are not whole rows, or there are not <paramref name="expected"/> of them.</exception>
    public static int Count(int inputLength, int rowLength, int expected, string inputsName, string otherName)
    {
        if (inputLength % rowLength != 0)
            throw new ArgumentException($"The inputs have {inputLength} values, which is not a whole number of rows of {rowLength}.", inputsName);
        int count = inputLength / rowLength;
        if (count != expected)
            throw new ArgumentException($"The inputs hold {count} examples, but {otherName} is for {expected}.", otherName);
        return count;
    }

    /// <summary>Checks every label is a class 0..K−1 before anything is computed.</summary>
    /// <exception cref="ArgumentException">A label is outside 0..K−1.</exception>
    public static void CheckLabels(ReadOnlySpan<int> labels, int classes, string name)
    {
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"Label {i} is {labels[i]}, but the model has classes 0..{classes - 1}.", name);
    }
}
