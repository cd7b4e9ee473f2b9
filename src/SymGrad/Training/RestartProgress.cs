namespace SymGrad;

/// <summary>An epoch report of one restart, for a progress display over all of them.</summary>
/// <param name="Restart">The restart, counted from 0.</param>
/// <param name="Restarts">The number of restarts.</param>
/// <param name="Epoch">The restart's epoch report.</param>
public readonly record struct RestartProgress(int Restart, int Restarts, EpochReport Epoch);
