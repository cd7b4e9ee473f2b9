using Spectre.Console;
using SymGrad;

namespace LectureTour;

/// <summary>Runs one net's random restarts behind a progress bar and reports how the chosen one did.</summary>
public static class Tour
{
    /// <summary>Trains <see cref="Recipes.Restarts"/> models from <paramref name="create"/>, showing a progress bar.</summary>
    public static RestartResult<TModel> Run<TModel>(string label, Func<int, TModel> create, Dataset train, Dataset validation)
        where TModel : IModel
    {
        RestartResult<TModel>? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: Recipes.Restarts * Recipes.Options.Epochs);
                result = RandomRestarts.Train(create, Recipes.Restarts, train, validation, Recipes.Options, new BarProgress(task));
                task.Value = task.MaxValue; // a terminal's last frame shows the bar full even if the last report raced the refresh
            });
        return result!;
    }

    /// <summary>Prints every restart's validation score and the chosen model's test accuracy, and draws it.</summary>
    public static void Report<TModel>(string label, RestartResult<TModel> result, Dataset test, string png, string title)
        where TModel : IModel
    {
        var scores = string.Join("  ", result.Scores.Select((s, k) =>
            s.Diverged ? "diverged" : (k == result.BestIndex ? $"[bold]{100 * s.ValidationAccuracy:F1}[/]" : $"{100 * s.ValidationAccuracy:F1}")));
        double accuracy = Evaluation.Accuracy(result.Best, test);
        AnsiConsole.MarkupLine($"  {label}, validation % per restart: {scores}");
        AnsiConsole.MarkupLine($"  {label}: restart {result.BestIndex + 1} of {result.Scores.Count} kept, [green]test accuracy {accuracy:P1}[/]");
        double[]? centres = result.Best.Name == "Rbf" ? ParameterTransfer.BlockValues(result.Best, "W").ToArray() : null;
        DecisionBoundaryPlot.Save(result.Best, test, $"{title} (H = {Recipes.Hidden}): test accuracy {accuracy:P1}", png, centres);
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
        AnsiConsole.MarkupLine("  hyperparameter search, tanh net (best marked *):");
        AnsiConsole.WriteLine(table.ToString());
    }

    private sealed class BarProgress(ProgressTask task) : IProgress<RestartProgress>
    {
        public void Report(RestartProgress value) => task.Increment(1);
    }
}
