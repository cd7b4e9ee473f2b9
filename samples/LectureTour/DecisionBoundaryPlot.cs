using ScottPlot;
using SymGrad;

namespace LectureTour;

/// <summary>Draws a trained classifier's score over the plane with the data on top, as a PNG.</summary>
public static class DecisionBoundaryPlot
{
    private const int Cells = 160;

    /// <summary>
    /// Saves the picture of <paramref name="model"/> on <paramref name="data"/> to <paramref name="path"/>, with the
    /// RBF centres (rows of W, flattened) marked when <paramref name="centres"/> is given.
    /// </summary>
    public static void Save(IModel model, Dataset data, string title, string path, double[]? centres = null)
    {
        var (xMin, xMax, yMin, yMax) = Bounds(data);
        // Row 0 is drawn at the top, so rows run from yMax down. The score is clipped so the ±1 targets span the colours.
        var scores = new double[Cells, Cells];
        double[] point = new double[2];
        for (int r = 0; r < Cells; r++)
            for (int c = 0; c < Cells; c++)
            {
                point[0] = xMin + (c + 0.5) * (xMax - xMin) / Cells;
                point[1] = yMax - (r + 0.5) * (yMax - yMin) / Cells;
                scores[r, c] = Math.Clamp(model.Forward(point), -1.0, 1.0);
            }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(scores);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.ManualRange = new ScottPlot.Range(-1.5, 1.5); // wider than the clipped ±1, so ±1 stays mid-tone and the points stay visible
        heatmap.Position = new CoordinateRect(xMin, xMax, yMin, yMax);
        AddClass(plot, data, -1, Colors.Navy, "test, class −1");
        AddClass(plot, data, +1, Colors.DarkRed, "test, class +1");
        if (centres is not null) AddCentres(plot, centres);
        plot.Add.ColorBar(heatmap).Label = "f(x), clipped to ±1";
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.SavePng(path, 640, 520);
    }

    private static void AddClass(Plot plot, Dataset data, double target, Color color, string label)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < data.Count; i++)
            if (data.Targets[i] == target) { xs.Add(data.Inputs[i][0]); ys.Add(data.Inputs[i][1]); }
        var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
        points.Color = color;
        points.MarkerSize = 5;
        points.MarkerShape = target > 0 ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
        points.LegendText = label;
    }

    private static void AddCentres(Plot plot, double[] centres)
    {
        var xs = Enumerable.Range(0, centres.Length / 2).Select(h => centres[2 * h]).ToArray();
        var ys = Enumerable.Range(0, centres.Length / 2).Select(h => centres[2 * h + 1]).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.Color = Colors.Black;
        points.MarkerSize = 12;
        points.MarkerShape = MarkerShape.Cross;
        points.LegendText = "RBF centres w_h";
    }

    private static (double XMin, double XMax, double YMin, double YMax) Bounds(Dataset data)
    {
        double xMin = data.Inputs.Min(p => p[0]), xMax = data.Inputs.Max(p => p[0]);
        double yMin = data.Inputs.Min(p => p[1]), yMax = data.Inputs.Max(p => p[1]);
        double padX = 0.1 * (xMax - xMin), padY = 0.1 * (yMax - yMin);
        return (xMin - padX, xMax + padX, yMin - padY, yMax + padY);
    }
}
