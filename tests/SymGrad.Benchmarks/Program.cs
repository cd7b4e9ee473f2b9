using BenchmarkDotNet.Running;
using SymGrad.Benchmarks;
using SymGrad.Benchmarks.Fixtures;

// `--verify` only builds every workload's pair and checks generated and hand-written agree, then checks that
// Sgd.Train allocates nothing per epoch after the first (seconds, no timing).
if (args is ["--verify"])
{
    foreach (var workload in new[] { "xor", "moons", "mid", "mnist" }) _ = new TwoLayerFixture(workload, examples: 64);
    _ = new RbfFixture();
    _ = new DeepFixture();
    Console.WriteLine("Generated and hand-written Forward, loss and Gradient agree on every workload.");
    TrainingAllocations.Report(examples: 1000);
    return;
}

// `--compare-optimizers` prints the epochs and time SGD, momentum and Adam need to a fixed accuracy on two spirals;
// `--compare-optimizers fashion-mnist [folder]` on Fashion-MNIST (docs/training.md).
if (args is ["--compare-optimizers"])
{
    OptimizerComparison.Spirals();
    return;
}
if (args is ["--compare-optimizers", "fashion-mnist", .. var rest] && rest.Length <= 1)
{
    OptimizerComparison.FashionMnist(rest.Length == 1 ? rest[0] : "/usr/share/datasets/fashion-mnist");
    return;
}

// `--batched-peak` prints the FMA peak and GradientBatch's share of it, fastest of many calls (docs/benchmarks.md).
if (args is ["--batched-peak"])
{
    BatchedPeak.Run();
    return;
}

// `--batched-phases` times each phase of the mnist-shaped GradientBatch on its own, float64 and float32 (docs/benchmarks.md).
if (args is ["--batched-phases"])
{
    BatchedPhases.Run();
    return;
}

// `--training-ratios [rounds [workload:batch]]` times the training-throughput cases in turn in one process (docs/benchmarks.md).
if (args is ["--training-ratios", ..])
{
    TrainingRatios.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15, args.Length > 2 ? args[2] : null);
    return;
}

// `--per-example-ratios [rounds]` times the per-example Forward and Gradient against their SIMD baselines in one process (docs/benchmarks.md).
if (args is ["--per-example-ratios", ..])
{
    PerExampleRatios.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60);
    return;
}

// `--measuring-cost` times Sgd.Train with and without measuring the training set (docs/training.md, "What measuring costs").
if (args is ["--measuring-cost"])
{
    MeasuringCost.Run();
    return;
}

// `--gather-cost` times GradientBatch over rows read in place against rows gathered first (docs/benchmarks.md).
if (args is ["--gather-cost"])
{
    GatherCost.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
