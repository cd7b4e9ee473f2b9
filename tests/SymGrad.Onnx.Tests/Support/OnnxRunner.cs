using Microsoft.ML.OnnxRuntime;

namespace SymGrad.Onnx.Tests.Support;

/// <summary>Runs an exported model in ONNX Runtime on a batch of rows.</summary>
public sealed class OnnxRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OnnxElementType _type;
    private readonly int _length;

    public OnnxRunner(IModel model, OnnxElementType type)
    {
        _session = new InferenceSession(OnnxExport.ToBytes(model, type));
        _type = type;
        _length = model.InputLength;
    }

    public InferenceSession Session => _session;

    /// <summary>The score of each row (row-major <paramref name="rows"/>), as ONNX Runtime computes it, in double.</summary>
    public double[] Run(double[] rows)
    {
        long[] shape = [rows.Length / _length, _length];
        using var input = _type == OnnxElementType.Float64
            ? OrtValue.CreateTensorValueFromMemory(rows, shape)
            : OrtValue.CreateTensorValueFromMemory(rows.Select(v => (float)v).ToArray(), shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_session.InputNames[0]], [input], [_session.OutputNames[0]]);
        var output = outputs[0];
        long[] outputShape = output.GetTensorTypeAndShape().Shape;
        Assert.Equal([shape[0], 1L], outputShape);
        return _type == OnnxElementType.Float64
            ? output.GetTensorDataAsSpan<double>().ToArray()
            : output.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v).ToArray();
    }

    public void Dispose() => _session.Dispose();
}
