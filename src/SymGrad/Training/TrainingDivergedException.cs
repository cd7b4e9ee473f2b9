namespace SymGrad;

/// <summary>
/// Training produced a NaN or infinite loss or parameter. The model keeps the last finite parameters it had:
/// the update that would have broken them was not applied.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for <paramref name="epoch"/>, saying what became non-finite.</summary>
    public TrainingDivergedException(int epoch, string what)
        : base($"Training diverged in epoch {epoch}: {what} became NaN or infinite. The model keeps its last finite parameters; try a smaller learning rate or initialisation scale.")
        => Epoch = epoch;

    /// <summary>Creates the exception with a message of its own (epoch 0).</summary>
    public TrainingDivergedException() : this(0, "a value") { }

    /// <summary>Creates the exception with a message of its own (epoch 0).</summary>
    public TrainingDivergedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception (epoch 0).</summary>
    public TrainingDivergedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The epoch, counted from 1, in which training diverged.</summary>
    public int Epoch { get; }
}
