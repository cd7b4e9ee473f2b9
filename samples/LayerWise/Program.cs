// Layer-wise training (the lecture): in a deep net the early layers get small gradients, so train a shallow net
// first, copy its layer into a deeper net as that net's initialisation, and train on. Compared with the same deep
// net trained from random noise for as many epochs as both stages together. Each deep run's per-layer gradient norms
// are drawn over the epochs.
// Usage: dotnet run --project samples/LayerWise [output-folder]; the pictures go to samples/LayerWise/out by default.
using LayerWise;
using SymGrad;

string output = Path.GetFullPath(args.Length > 0 ? args[0] : DefaultOutput());
Directory.CreateDirectory(output);

const int hidden = 24;
var options = new SgdOptions { LearningRate = 0.02, LearningRateDecay = 0.005, Epochs = 100, BatchSize = 1, Seed = 3 };
var data = ToyDatasets.Spirals(count: 600, noise: 0.02, seed: 5);
var (train, test) = data.Split(validationFraction: 0.25, seed: 6);
Console.WriteLine($"two spirals: {train.Count} training and {test.Count} test examples; H = {hidden}, {options.Epochs} epochs per stage");

var shallow = new Nets.ShallowModel(H: hidden, D: 2, seed: 0);
shallow.Initialize(seed: 1);
Sgd.Train(shallow, train, options);
Console.WriteLine($"1. shallow net (one tanh layer), trained:          test accuracy {Evaluation.Accuracy(shallow, test):P1}");

var deep = new Nets.DeepModel(H: hidden, D: 2, seed: 0);
deep.Initialize(seed: 2);
ParameterTransfer.CopyBlocks(shallow, deep, "W1", "b1");
Console.WriteLine($"2. deep net (three tanh layers), first layer copied: test accuracy {Evaluation.Accuracy(deep, test):P1}");
var layerWise = Sgd.Train(deep, train, options);
Console.WriteLine($"3. deep net, trained on from there:                 test accuracy {Evaluation.Accuracy(deep, test):P1}");

var scratch = new Nets.DeepModel(H: hidden, D: 2, seed: 0);
scratch.Initialize(seed: 2);
var fromScratch = Sgd.Train(scratch, train, options with { Epochs = 2 * options.Epochs });
Console.WriteLine($"   for comparison, the deep net from random noise, {2 * options.Epochs} epochs: test accuracy {Evaluation.Accuracy(scratch, test):P1}");

foreach (var (report, name) in new[] { (fromScratch, "from random noise"), (layerWise, "first layer from the shallow net") })
{
    double[] first = report.History[0].GradientNorms.ToArray();
    Console.WriteLine($"   deep net {name}, epoch 1 gradient norms: " +
        string.Join(", ", report.Blocks.Select((b, i) => $"{b.Name} {first[i]:G3}")));
}
var (lowest, highest) = GradientNormPlot.Range(fromScratch, layerWise);
GradientNormPlot.Save(fromScratch, "Deep net from random noise: gradient norm per layer", Path.Combine(output, "gradient-norms-scratch.png"), lowest, highest);
GradientNormPlot.Save(layerWise, "Deep net, first layer copied from the shallow net", Path.Combine(output, "gradient-norms-layerwise.png"), lowest, highest);
Console.WriteLine($"Gradient-norm pictures are in {output}.");

// samples/LayerWise/out (git-ignored), found by walking up from the build output to the project file;
// the current folder's layer-wise-output if the sample runs outside its source tree.
static string DefaultOutput()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "LayerWise.csproj"))) return Path.Combine(folder.FullName, "out");
    return "layer-wise-output";
}
