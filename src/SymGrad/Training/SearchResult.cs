namespace SymGrad;

/// <summary>One row of a <see cref="SearchTable"/>: a hyperparameter point and how its model did.</summary>
/// <param name="Hyperparameters">The point.</param>
/// <param name="Score">The trained model's scores; its seed is the options' seed.</param>
public readonly record struct SearchResult(Hyperparameters Hyperparameters, RestartScore Score);
