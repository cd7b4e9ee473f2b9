using System.Diagnostics;
using FashionMnist;
using SymGrad;

// Fashion-MNIST with a 784-H-10 tanh network and softmax cross-entropy.
// Usage: FashionMnist [--float32] [data folder] [epochs] [H] [output folder]; --float32 trains and serves the float32 class.
bool float32 = args.Contains("--float32");
args = args.Where(a => a != "--float32").ToArray();
string folder = args.Length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist";
int epochs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 12;
int hidden = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 128;
string[] files = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
var missing = files.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
if (missing.Count > 0)
{
    Console.Error.WriteLine($"Fashion-MNIST is not in {folder} (missing {string.Join(", ", missing)}).");
    Console.Error.WriteLine("Install it with:  sudo apt-get update && sudo apt-get install -y dataset-fashion-mnist");
    Console.Error.WriteLine("or pass the folder that holds the four .gz files:  dotnet run --project samples/FashionMnist -- <folder>");
    return 2;
}

string output = args.Length > 3 ? args[3] : Path.Combine(AppContext.BaseDirectory, "fashion-mnist");
Directory.CreateDirectory(output);
var train = IdxDataset.Load(Path.Combine(folder, files[0]), Path.Combine(folder, files[1]));
var test = IdxDataset.Load(Path.Combine(folder, files[2]), Path.Combine(folder, files[3]));
Console.WriteLine($"Fashion-MNIST: {train.Count} training and {test.Count} test images of {train.InputLength} pixels; a 784-{hidden}-10 network, {epochs} epochs{(float32 ? ", float32" : "")}");

var net = new Nets.ClassifierModel(H: hidden, D: train.InputLength, seed: 1);
var net32 = new Nets.ClassifierModelFloat32(H: hidden, D: train.InputLength, seed: 1);
var options = new SgdOptions { Optimizer = new AdamOptimizer(), LearningRate = 1e-3, Epochs = epochs, BatchSize = 32, Seed = 1 };
var clock = Stopwatch.StartNew();
var report = float32
    ? Sgd.Train<SoftmaxCrossEntropy>(net32, train, options, test, new Progress())
    : Sgd.Train<SoftmaxCrossEntropy>(net, train, options, test, new Progress());
clock.Stop();
// The saliency maps are drawn by the float64 class; in float32 it holds the trained float θ, widened exactly.
if (float32) System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<float, double>(net32.Parameters, net.Parameters);

var confusion = float32 ? ClassEvaluation.ConfusionMatrix(net32, test) : ClassEvaluation.ConfusionMatrix(net, test);
Console.WriteLine($"Test accuracy {confusion.Accuracy:P2} after {epochs} epochs in {clock.Elapsed.TotalSeconds:F0} s");
for (int k = 0; k < 10; k++)
    Console.WriteLine($"  {Pictures.Classes[k],-12} precision {confusion.Precision(k):F3}  recall {confusion.Recall(k):F3}");

Pictures.Confusion(confusion, Path.Combine(output, "confusion.png"));
Pictures.Curves(report, Path.Combine(output, "curves.png"));
Pictures.Saliency(net, test, Path.Combine(output, "saliency.png"));
if (float32) ParameterFile.Save(net32, Path.Combine(output, "classifier.symgrad"));
else ParameterFile.Save(net, Path.Combine(output, "classifier.symgrad"));
Console.WriteLine($"Wrote confusion.png, curves.png, saliency.png and classifier.symgrad to {output}");
return 0;

/// <summary>Prints one line per epoch, on the training thread.</summary>
internal sealed class Progress : IProgress<EpochReport>
{
    public void Report(EpochReport e) => Console.WriteLine(
        $"epoch {e.Epoch,2}/{e.Epochs}  loss {e.Loss:F4}  train {e.TrainAccuracy:P2}  test {e.ValidationAccuracy:P2}  {e.Elapsed.TotalSeconds,5:F0} s");
}
