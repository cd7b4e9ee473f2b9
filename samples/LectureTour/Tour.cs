using Spectre.Console;
using SymGrad;

namespace LectureTour;

/// <summary>Runs one net's random restarts (with a progress bar on a terminal) and reports how the chosen one did.</summary>
public static class Tour
{
    /// <summary>
    /// Trains <see cref="Recipes.Restarts"/> models from <paramref name="create"/>; returns the result and the epoch
    /// history of the restart it kept.
    /// </summary>
    public static (RestartResult<TModel> Result, IReadOnlyList<EpochReport> History) Run<TModel>(string label, Func<int, TModel> create, Dataset train, Dataset validation)
        where TModel : IModel
    {
        var histories = Enumerable.Range(0, Recipes.Restarts).Select(_ => new List<EpochReport>()).ToArray();
        RestartResult<TModel>? result = null;
        if (Output.IsTerminal)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(label), maxValue: Recipes.Restarts * Recipes.Options.Epochs);
                    result = RandomRestarts.Train(create, Recipes.Restarts, train, validation, Recipes.Options, new Recorder(histories, () => task.Increment(1)));
                    task.Value = task.MaxValue; // a terminal's last frame shows the bar full even if the last report raced the refresh
                });
        }
        else
        {
            result = RandomRestarts.Train(create, Recipes.Restarts, train, validation, Recipes.Options, new Recorder(histories, () => { }));
            Output.Text($"  {label}: {Recipes.Restarts} restarts × {Recipes.Options.Epochs} epochs trained");
        }
        return (result!, histories[result!.BestIndex]);
    }

    /// <summary>
    /// Prints every restart's validation score and the chosen model's test accuracy, and draws its decision boundary
    /// (<paramref name="png"/>) and its training curves (the same name ending in -training.png).
    /// </summary>
    public static void Report<TModel>(string label, (RestartResult<TModel> Result, IReadOnlyList<EpochReport> History) run, Dataset test, string png, string title)
        where TModel : IModel
    {
        var (result, history) = run;
        var scores = string.Join("  ", result.Scores.Select((s, k) =>
            s.Diverged ? "diverged" : (k == result.BestIndex ? $"[bold]{100 * s.ValidationAccuracy:F1}[/]" : $"{100 * s.ValidationAccuracy:F1}")));
        double accuracy = Evaluation.Accuracy(result.Best, test);
        Output.Line($"  {label}, validation % per restart: {scores}");
        Output.Line($"  {label}: restart {result.BestIndex + 1} of {result.Scores.Count} kept, [green]test accuracy {accuracy:P1}[/]");
        double[]? centres = result.Best.Name == "Rbf" ? ParameterTransfer.BlockValues(result.Best, "W").ToArray() : null;
        DecisionBoundaryPlot.Save(result.Best, test, $"{title} (H = {Recipes.Hidden}): test accuracy {accuracy:P1}", png, centres);
        TrainingCurvePlot.Save(history, $"{title}, restart {result.BestIndex + 1} (kept): loss and accuracy per epoch",
            Path.ChangeExtension(png, null) + "-training.png");
    }

    /// <summary>Searches learning rate, H, initialisation scale and λ for the tanh net and prints the table.</summary>
    public static void Search(Dataset train, Dataset validation)
    {
        var grid = Hyperparameters.Grid(learningRates: [0.005, 0.05], hidden: [2, 16], initScales: [0.3, 1.0], l2: [0, 1e-2], epochs: [40]);
        var table = HyperparameterSearch.Run(grid, (p, seed) =>
        {
            var net = new Nets.TwoLayerModel(H: p.Hidden, D: 2, seed: 0);
            ParameterInitializer.Initialize(net, seed, p.InitScale, InitializationScheme.Glorot);
            return net;
        }, train, validation, Recipes.Options);
        Output.Line("  hyperparameter search, tanh net (best marked *):");
        Output.Text(table.ToString());
    }

    /// <summary>Keeps every restart's epoch reports and ticks the display.</summary>
    private sealed class Recorder(List<EpochReport>[] histories, Action tick) : IProgress<RestartProgress>
    {
        public void Report(RestartProgress value)
        {
            histories[value.Restart].Add(value.Epoch);
            tick();
        }
    }
}
