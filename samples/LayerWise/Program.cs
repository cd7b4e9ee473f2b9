// Layer-wise training (the lecture): in a deep net the early layers get small gradients, so train a shallow net
// first, copy its layer into a deeper net as that net's initialisation, and train on. Compared with the same deep
// net trained from random noise for as many epochs as both stages together.
using LayerWise;
using SymGrad;

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
Sgd.Train(deep, train, options);
Console.WriteLine($"3. deep net, trained on from there:                 test accuracy {Evaluation.Accuracy(deep, test):P1}");

var scratch = new Nets.DeepModel(H: hidden, D: 2, seed: 0);
scratch.Initialize(seed: 2);
Sgd.Train(scratch, train, options with { Epochs = 2 * options.Epochs });
Console.WriteLine($"   for comparison, the deep net from random noise, {2 * options.Epochs} epochs: test accuracy {Evaluation.Accuracy(scratch, test):P1}");
