namespace SymGrad;

/// <summary>The outcome of <see cref="RandomRestarts"/>: the best model (of either element type) and the scores of all K restarts.</summary>
/// <param name="Best">The model with the best validation score.</param>
/// <param name="BestIndex">Which restart (from 0) <paramref name="Best"/> is.</param>
/// <param name="Scores">Every restart's score, in order.</param>
public sealed record RestartResult<TModel>(TModel Best, int BestIndex, IReadOnlyList<RestartScore> Scores);
