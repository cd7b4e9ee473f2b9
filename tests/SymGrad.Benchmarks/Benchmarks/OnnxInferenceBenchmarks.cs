using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using SymGrad.Onnx;

namespace SymGrad.Benchmarks.Benchmarks;

/// <summary>
/// Inference against ONNX Runtime, in float64 and in float32 (a category each): the generated model scores the batch
/// the way an app would (<c>Forward</c> for one example, <c>ForwardBatch</c>'s matrix–matrix product for 256; the float32
/// class <c>TwoLayerModelFloat32</c> from the same [Model]), against an ONNX Runtime session on the same model exported by
/// SymGrad.Onnx, one Run per batch. The session is set up as a careful user would: inputs and outputs bound to
/// preallocated OrtValues (no allocation per Run), all graph optimisations, and one intra-op thread, since the generated
/// code uses one core (the machine has two, shared). Ratio = ONNX Runtime ÷ generated within a category: above 1 the
/// generated code is faster. Mean is per call; divide by Batch for per example.
/// Run in process with a short job: --filter "*OnnxInference*" --inProcess --launchCount 1 --warmupCount 3 --iterationCount 8.
/// </summary>
[MemoryDiagnoser, CategoriesColumn, GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
public class OnnxInferenceBenchmarks
{
    private BenchModels.TwoLayerModel _model = null!;
    private BenchModels.TwoLayerModelFloat32 _narrow = null!;
    private double[] _xs = null!, _scores = null!;
    private float[] _xsFloat = null!, _scoresFloat = null!;
    private Session _float64 = null!;
    private Session _float32 = null!;

    [Params("moons", "mid", "mnist")]
    public string Workload { get; set; } = "moons";

    [Params(1, 256)]
    public int Batch { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        (int h, int d) = Workload switch { "moons" => (16, 2), "mid" => (64, 64), "mnist" => (128, 784), _ => throw new ArgumentOutOfRangeException(nameof(Workload)) };
        _model = new BenchModels.TwoLayerModel(H: h, D: d, seed: 0);
        _narrow = new BenchModels.TwoLayerModelFloat32(H: h, D: d, seed: 0);
        TensorPrimitives.ConvertTruncating<double, float>(_model.Parameters, _narrow.Parameters);
        (_xs, _) = Inputs.Make(Batch, d);
        _xsFloat = new float[_xs.Length];
        TensorPrimitives.ConvertTruncating<double, float>(_xs, _xsFloat);
        (_scores, _scoresFloat) = (new double[Batch], new float[Batch]);
        _float64 = new Session(_model, OnnxElementType.Float64, _xs, Batch, d);
        _float32 = new Session(_model, OnnxElementType.Float32, _xs, Batch, d);

        // Untimed check: every engine computes the same scores (float32 to its precision), one at a time and batched.
        _float64.Run();
        _float32.Run();
        _model.ForwardBatch(_xs, _scores);
        _narrow.ForwardBatch(_xsFloat, _scoresFloat);
        for (int k = 0; k < Batch; k++)
        {
            double expected = _model.Forward(_xs.AsSpan(k * d, d));
            Agreement.Forward(Workload + " ONNX Runtime float64", _float64.Score(k), expected);
            Agreement.Forward(Workload + " ForwardBatch", _scores[k], expected);
            RequireFloat32(k, "ONNX Runtime float32", _float32.Score(k), expected);
            RequireFloat32(k, "float32 Forward", _narrow.Forward(_xsFloat.AsSpan(k * d, d)), expected);
            RequireFloat32(k, "float32 ForwardBatch", _scoresFloat[k], expected);
        }
    }

    private void RequireFloat32(int k, string engine, double score, double expected)
    {
        if (Math.Abs(score - expected) > 1e-4 * Math.Max(1, Math.Abs(expected)))
            throw new InvalidOperationException($"{Workload}, example {k}: {engine} gives {score}, float64 Forward {expected}.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _float64.Dispose();
        _float32.Dispose();
    }

    /// <summary>The float64 model as an app scores the batch: Forward for one example, ForwardBatch for more.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("float64")]
    public double Generated()
    {
        if (Batch == 1) return _model.Forward(_xs);
        _model.ForwardBatch(_xs, _scores);
        return _scores[0];
    }

    [Benchmark, BenchmarkCategory("float64")]
    public double OnnxRuntime() => _float64.Run();

    /// <summary>The float32 class of the same [Model], θ rounded to float: Forward for one example, ForwardBatch for more.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("float32")]
    public float GeneratedFloat32()
    {
        if (Batch == 1) return _narrow.Forward(_xsFloat);
        _narrow.ForwardBatch(_xsFloat, _scoresFloat);
        return _scoresFloat[0];
    }

    [Benchmark, BenchmarkCategory("float32")]
    public double OnnxRuntimeFloat32() => _float32.Run();

    /// <summary>A session with its input and output bound once: a Run then only computes.</summary>
    private sealed class Session : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly RunOptions _runOptions = new();
        private readonly OrtIoBinding _binding;
        private readonly OrtValue _input;
        private readonly OrtValue _output;
        private readonly bool _double;

        public Session(IModel model, OnnxElementType type, double[] xs, int batch, int d)
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            _session = new InferenceSession(OnnxExport.ToBytes(model, type), options);
            _double = type == OnnxElementType.Float64;
            long[] inputShape = [batch, d], outputShape = [batch, 1];
            _input = _double ? OrtValue.CreateTensorValueFromMemory(xs.ToArray(), inputShape)
                : OrtValue.CreateTensorValueFromMemory(xs.Select(v => (float)v).ToArray(), inputShape);
            _output = _double ? OrtValue.CreateTensorValueFromMemory(new double[batch], outputShape)
                : OrtValue.CreateTensorValueFromMemory(new float[batch], outputShape);
            _binding = _session.CreateIoBinding();
            _binding.BindInput(_session.InputNames[0], _input);
            _binding.BindOutput(_session.OutputNames[0], _output);
        }

        /// <summary>Runs the batch; returns the first score, so the work is not dead.</summary>
        public double Run()
        {
            _session.RunWithBinding(_runOptions, _binding);
            return Score(0);
        }

        public double Score(int k) => _double ? _output.GetTensorDataAsSpan<double>()[k] : _output.GetTensorDataAsSpan<float>()[k];

        public void Dispose()
        {
            _binding.Dispose();
            _input.Dispose();
            _output.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
        }
    }
}
