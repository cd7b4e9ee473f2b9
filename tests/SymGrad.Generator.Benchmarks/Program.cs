// Benchmarks of the SymGrad generator's build-time cost; results go to docs/benchmarks.md.
//   dotnet run -c Release --project tests/SymGrad.Generator.Benchmarks -- --filter '*'   BenchmarkDotNet (wall clock)
//   dotnet run -c Release --project tests/SymGrad.Generator.Benchmarks -- --cpu          CPU time per run
using BenchmarkDotNet.Running;
using SymGrad.Generator.Benchmarks;

if (args is ["--cpu"])
{
    CpuTimeReport.Run(models: 50, iterations: 100);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
