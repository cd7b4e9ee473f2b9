using ScottPlot;
using SymGrad;

namespace LectureTour;

/// <summary>
/// Draws a trained classifier as a PNG: its score f(x) as colour, the decision boundary f(x) = 0 as a line, the test
/// points by class with the misclassified ones ringed, and the RBF centres when given.
/// </summary>
public static class DecisionBoundaryPlot
{
    private const int Cells = 160;

    /// <summary>The score range the colours span: f(x) is clipped to it, and the colour bar shows exactly it.</summary>
    public const double ColourLimit = 1.0;

    /// <summary>
    /// Saves the picture of <paramref name="model"/> on <paramref name="data"/> to <paramref name="path"/>, with the
    /// RBF centres (rows of W, flattened) marked when <paramref name="centres"/> is given. Returns how many points are misclassified.
    /// </summary>
    public static int Save(IModel model, Dataset data, string title, string path, double[]? centres = null)
    {
        var frame = Frame.Around(data, centres);
        var plot = new Plot();
        AddScores(plot, model, frame);
        AddClass(plot, data, -1, Colors.Navy, MarkerShape.FilledSquare, "class −1");
        AddClass(plot, data, +1, Colors.DarkRed, MarkerShape.FilledCircle, "class +1");
        int wrong = AddMisclassified(plot, model, data);
        if (centres is not null) AddCentres(plot, centres);

        plot.Title(title);
        plot.XLabel("x₁");
        plot.YLabel("x₂");
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "f(x) = 0, the decision boundary", LinePattern = LinePattern.Solid, LineColor = Colors.Black, LineWidth = 2 });
        plot.ShowLegend(Edge.Bottom); // below the frame, where it hides no data
        plot.Axes.SetLimits(frame.XMin, frame.XMax, frame.YMin, frame.YMax);
        plot.SavePng(path, 720, 640);
        return wrong;
    }

    // The score on a grid as a heatmap (clipped to ±ColourLimit, the colour bar's range) and its zero contour as a line.
    private static void AddScores(Plot plot, IModel model, Frame frame)
    {
        var clipped = new double[Cells, Cells];
        var grid = new Coordinates3d[Cells, Cells];
        double[] point = new double[2];
        for (int r = 0; r < Cells; r++)
            for (int c = 0; c < Cells; c++)
            {
                // Row 0 of a heatmap is drawn at the top, so rows run from YMax down.
                point[0] = frame.XMin + (c + 0.5) * frame.Width / Cells;
                point[1] = frame.YMax - (r + 0.5) * frame.Height / Cells;
                double score = model.Forward(point);
                clipped[r, c] = Math.Clamp(score, -ColourLimit, ColourLimit);
                grid[r, c] = new Coordinates3d(point[0], point[1], score);
            }

        var heatmap = plot.Add.Heatmap(clipped);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.ManualRange = new ScottPlot.Range(-ColourLimit, ColourLimit);
        heatmap.Position = new CoordinateRect(frame.XMin, frame.XMax, frame.YMin, frame.YMax);
        plot.Add.ColorBar(heatmap).Label = $"f(x), clipped to [−{ColourLimit:0}, {ColourLimit:0}]";

        var boundary = plot.Add.ContourLines(grid, 1);
        boundary.ContourLineLevels = [0.0];
        boundary.Update(grid);
        boundary.LineColor = Colors.Black;
        boundary.LineWidth = 2;
        boundary.LabelStyle.IsVisible = false;
    }

    private static void AddClass(Plot plot, Dataset data, double target, Color color, MarkerShape shape, string label)
    {
        var indices = Enumerable.Range(0, data.Count).Where(i => data.Targets[i] == target).ToArray();
        var points = plot.Add.ScatterPoints(indices.Select(i => data.Inputs[i][0]).ToArray(), indices.Select(i => data.Inputs[i][1]).ToArray());
        points.Color = color;
        points.MarkerSize = 6;
        points.MarkerShape = shape;
        // A white rim keeps the points visible on the saturated colours at the ends of the scale.
        points.MarkerStyle.OutlineColor = Colors.White;
        points.MarkerStyle.OutlineWidth = 1;
        points.LegendText = $"test, {label}";
    }

    private static int AddMisclassified(Plot plot, IModel model, Dataset data)
    {
        var wrong = Enumerable.Range(0, data.Count).Where(i => Ops.Sign(model.Forward(data.Inputs[i])) != Ops.Sign(data.Targets[i])).ToArray();
        if (wrong.Length == 0) return 0;
        var rings = plot.Add.ScatterPoints(wrong.Select(i => data.Inputs[i][0]).ToArray(), wrong.Select(i => data.Inputs[i][1]).ToArray());
        rings.MarkerShape = MarkerShape.OpenCircle;
        rings.MarkerSize = 18;
        rings.Color = Colors.Yellow;
        rings.MarkerStyle.LineWidth = 3;
        rings.MarkerStyle.OutlineWidth = 3;
        rings.LegendText = $"misclassified ({wrong.Length})";
        return wrong.Length;
    }

    private static void AddCentres(Plot plot, double[] centres)
    {
        var points = plot.Add.ScatterPoints(Xs(centres), Ys(centres));
        points.Color = Colors.Black;
        points.MarkerSize = 12;
        points.MarkerShape = MarkerShape.Cross;
        points.LegendText = "RBF centres w_h";
    }

    private static double[] Xs(double[] pairs) => [.. Enumerable.Range(0, pairs.Length / 2).Select(h => pairs[2 * h])];

    private static double[] Ys(double[] pairs) => [.. Enumerable.Range(0, pairs.Length / 2).Select(h => pairs[2 * h + 1])];

    /// <summary>The region drawn: every data point and every centre, with a margin of a tenth on each side.</summary>
    public readonly record struct Frame(double XMin, double XMax, double YMin, double YMax)
    {
        public double Width => XMax - XMin;

        public double Height => YMax - YMin;

        public static Frame Around(Dataset data, double[]? centres)
        {
            var xs = data.Inputs.Select(p => p[0]).Concat(centres is null ? [] : Xs(centres)).ToArray();
            var ys = data.Inputs.Select(p => p[1]).Concat(centres is null ? [] : Ys(centres)).ToArray();
            double padX = 0.1 * (xs.Max() - xs.Min()), padY = 0.1 * (ys.Max() - ys.Min());
            return new Frame(xs.Min() - padX, xs.Max() + padX, ys.Min() - padY, ys.Max() + padY);
        }
    }
}
