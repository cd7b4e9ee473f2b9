using ScottPlot;
using SymGrad;

namespace LectureTour;

/// <summary>Draws a training run's history (<see cref="TrainingReport.History"/>): mean loss and accuracies per epoch, as a PNG.</summary>
public static class TrainingCurvePlot
{
    /// <summary>Saves the loss (left axis) and the training and validation accuracy in % (right axis) of every epoch.</summary>
    public static void Save(IReadOnlyList<EpochReport> history, string title, string path)
    {
        double[] epochs = [.. history.Select(e => (double)e.Epoch)];
        var plot = new Plot();

        var loss = plot.Add.ScatterLine(epochs, history.Select(e => e.Loss).ToArray());
        loss.LegendText = "mean training loss (left)";
        loss.Color = Colors.Black;
        loss.LineWidth = 2;

        // Accuracies are NaN in epochs that did not measure them; those epochs are left out.
        AddAccuracy(plot, history, e => e.TrainAccuracy, "training accuracy % (right)", Colors.SteelBlue);
        AddAccuracy(plot, history, e => e.ValidationAccuracy, "validation accuracy % (right)", Colors.OrangeRed);

        plot.Title(title);
        plot.XLabel("epoch");
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = "accuracy (%)";
        plot.Axes.SetLimitsX(0, history.Count + 1);
        plot.Axes.SetLimitsY(0, history.Max(e => e.Loss) * 1.05, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, 100, plot.Axes.Right);
        plot.ShowLegend(Alignment.MiddleRight);
        plot.SavePng(path, 720, 420);
    }

    private static void AddAccuracy(Plot plot, IReadOnlyList<EpochReport> history, Func<EpochReport, double> accuracy, string label, Color color)
    {
        var measured = history.Where(e => !double.IsNaN(accuracy(e))).ToArray();
        if (measured.Length == 0) return;
        var line = plot.Add.ScatterLine(measured.Select(e => (double)e.Epoch).ToArray(), measured.Select(e => 100 * accuracy(e)).ToArray());
        line.Axes.YAxis = plot.Axes.Right;
        line.LegendText = label;
        line.Color = color;
        line.LineWidth = 2;
    }
}
