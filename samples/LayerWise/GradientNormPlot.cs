using ScottPlot;
using SymGrad;

namespace LayerWise;

/// <summary>Draws each weight matrix's gradient norm per epoch, on a log scale, from a run's <see cref="TrainingReport"/>.</summary>
public static class GradientNormPlot
{
    private static readonly string[] Layers = ["W1", "W2", "W3", "v"];
    private static readonly Color[] Colours = [Colors.Navy, Colors.DarkGreen, Colors.DarkOrange, Colors.DarkRed];

    /// <summary>Saves the picture to <paramref name="path"/>; both runs are drawn with the y range given, so they compare.</summary>
    public static void Save(TrainingReport report, string title, string path, double lowest, double highest)
    {
        var plot = new Plot();
        double[] epochs = report.History.Select(r => (double)r.Epoch).ToArray();
        for (int i = 0; i < Layers.Length; i++)
        {
            // Log10 of the norms, with the axis labelled in powers of ten: ScottPlot 5 draws log scales this way.
            double[] norms = report.GradientNormHistory(Layers[i]).Select(Math.Log10).ToArray();
            var line = plot.Add.ScatterLine(epochs, norms);
            line.Color = Colours[i];
            line.LineWidth = 2;
            line.LegendText = Layers[i] == "v" ? "v (output)" : $"{Layers[i]} (layer {Layers[i][1]})";
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => $"1e{y:0}",
        };
        plot.Axes.SetLimits(1, epochs[^1], Math.Floor(Math.Log10(lowest)), Math.Ceiling(Math.Log10(highest)));
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("mean ‖∂L/∂block‖ per step");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 720, 480);
    }

    /// <summary>The smallest and largest norm of the drawn blocks over all <paramref name="reports"/>.</summary>
    public static (double Lowest, double Highest) Range(params TrainingReport[] reports)
    {
        var all = reports.SelectMany(r => Layers.SelectMany(r.GradientNormHistory)).Where(n => n > 0).ToArray();
        return (all.Min(), all.Max());
    }
}
