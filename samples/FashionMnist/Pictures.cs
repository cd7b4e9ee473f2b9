using ScottPlot;
using SymGrad;

namespace FashionMnist;

/// <summary>The sample's PNGs: the confusion matrix, the training curves and saliency maps |∂sₖ/∂x|.</summary>
public static class Pictures
{
    public static readonly string[] Classes = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    /// <summary>Rows are true classes, columns predicted ones; each cell the fraction of its row, with the count written on it.</summary>
    public static void Confusion(ConfusionMatrix m, string path)
    {
        int k = m.Classes;
        var fractions = new double[k, k];
        var plot = new Plot();
        for (int t = 0; t < k; t++)
        {
            int row = 0;
            for (int p = 0; p < k; p++) row += m[t, p];
            for (int p = 0; p < k; p++)
            {
                fractions[t, p] = (double)m[t, p] / Math.Max(1, row);
                var text = plot.Add.Text(m[t, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, k - 1 - t);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = fractions[t, p] > 0.5 ? Colors.Black : Colors.White; // light cells (Blues runs dark to white) get dark text
                text.LabelFontSize = 11;
            }
        }
        var heatmap = plot.Add.Heatmap(fractions);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues();
        // The heatmap's position gives the centres of its corner cells: cell (t, p) is centred on (p, k − 1 − t).
        heatmap.Position = new CoordinateRect(0, k - 1, 0, k - 1);
        plot.MoveToBack(heatmap);
        plot.Add.ColorBar(heatmap).Label = "fraction of the true class";
        var ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, Classes);
        plot.Axes.Left.SetTicks(ticks, Classes.Reverse().ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Title($"Fashion-MNIST test confusion matrix (accuracy {m.Accuracy:P1})");
        plot.SavePng(path, 900, 800);
    }

    /// <summary>Training loss, and train and test accuracy, per epoch.</summary>
    public static void Curves(TrainingReport report, string path)
    {
        var epochs = report.History.Select(e => (double)e.Epoch).ToArray();
        var plot = new Plot();
        var loss = plot.Add.Scatter(epochs, report.History.Select(e => e.Loss).ToArray());
        loss.LegendText = "training loss (left)";
        var trainAccuracy = plot.Add.Scatter(epochs, report.History.Select(e => e.TrainAccuracy).ToArray());
        trainAccuracy.LegendText = "train accuracy (right)";
        trainAccuracy.Axes.YAxis = plot.Axes.Right;
        var testAccuracy = plot.Add.Scatter(epochs, report.History.Select(e => e.ValidationAccuracy).ToArray());
        testAccuracy.LegendText = "test accuracy (right)";
        testAccuracy.Axes.YAxis = plot.Axes.Right;
        plot.XLabel("epoch");
        plot.YLabel("mean softmax cross-entropy");
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Title("Fashion-MNIST training");
        plot.ShowLegend(Alignment.MiddleRight);
        plot.SavePng(path, 900, 500);
    }

    /// <summary>
    /// For the first test image of each class: the image, and |∂s_k/∂x| for its true class k as a 28×28 picture (which
    /// pixels move that class's score most).
    /// </summary>
    public static void Saliency(IVectorModel model, Dataset test, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(20);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: 4, columns: 5);
        var gradient = new double[model.InputLength];
        for (int k = 0; k < 10; k++)
        {
            int i = Enumerable.Range(0, test.Count).First(j => (int)test.Targets[j] == k);
            gradient.AsSpan().Clear();
            var image = test.Input(i);
            model.Saliency(image, k, gradient);
            int predicted = model.Predict(image);
            int slot = (k / 5) * 10 + k % 5;
            Draw(multiplot.GetPlot(slot), image, new ScottPlot.Colormaps.Grayscale(), $"{Classes[k]} → {Classes[predicted]}");
            Draw(multiplot.GetPlot(slot + 5), gradient.Select(Math.Abs).ToArray(), new ScottPlot.Colormaps.Inferno(), $"|∂s/∂x|, {Classes[k]}");
        }
        multiplot.SavePng(path, 1250, 1050);
    }

    private static void Draw(Plot plot, ReadOnlySpan<double> pixels, IColormap colormap, string title)
    {
        var image = new double[28, 28];
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++) image[r, c] = pixels[r * 28 + c];
        var heatmap = plot.Add.Heatmap(image);
        heatmap.Colormap = colormap;
        plot.Title(title, size: 11);
        plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
        plot.Axes.Left.TickLabelStyle.IsVisible = false;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        plot.Axes.Left.MinorTickStyle.Length = 0;
        plot.HideGrid();
    }
}
