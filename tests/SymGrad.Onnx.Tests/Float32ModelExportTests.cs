using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using SymGrad.Tests;

namespace SymGrad.Onnx.Tests;

/// <summary>
/// A float32 model (<c>Precision.Float32</c>) exports a float32 ONNX model: FLOAT input, output and initializers holding
/// its θ exactly, and ONNX Runtime, computing in float32, gives the scores of the model's own float32 <c>Forward</c>.
/// </summary>
/// <remarks>
/// Both sides compute in float32 but in different orders of summation (ONNX Runtime's GEMM against the generated loops
/// and kernels), so they agree to float32 rounding, not bit for bit: the bound is that of the float32 export of
/// <see cref="AgreementTests"/>, 1e-5 relative to max(|score|, 1); a wrong operator or θ is an error of order 1.
/// </remarks>
public class Float32ModelExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Names => new() { "TwoLayer", "Rbf", "Deep", "GuardedLayer" };

    private static IModel<float> Create(string name, int seed) => name switch
    {
        "TwoLayer" => new Models.TwoLayerModelFloat32(H: 16, D: 9, seed: seed),
        "Rbf" => new Models.RbfModelFloat32(H: 16, D: 9, seed: seed),
        "Deep" => new Models.DeepModelFloat32(H1: 17, D: 9, H2: 18, H3: 19, seed: seed),
        "GuardedLayer" => new Models.GuardedLayerModelFloat32(D: 9, H: 16, seed: seed),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void OnnxRuntime_in_float32_agrees_with_the_float32_Forward(string name)
    {
        var model = Create(name, seed: 4);
        using var session = new InferenceSession(OnnxExport.ToBytes(model));
        Assert.Equal(TensorElementType.Float, session.InputMetadata["x"].ElementDataType);
        Assert.Equal(TensorElementType.Float, session.OutputMetadata["score"].ElementDataType);

        var random = new Random(7);
        double worst = 0;
        foreach (int batch in new[] { 1, 7, 64 })
        {
            var rows = new float[batch * model.InputLength];
            for (int i = 0; i < rows.Length; i++) rows[i] = (float)(4 * random.NextDouble() - 2);
            using var input = OrtValue.CreateTensorValueFromMemory(rows, [batch, model.InputLength]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["x"], [input], ["score"]);
            Assert.Equal([batch, 1L], outputs[0].GetTensorTypeAndShape().Shape);
            var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            for (int r = 0; r < batch; r++)
            {
                float expected = model.Forward(rows.AsSpan(r * model.InputLength, model.InputLength));
                double error = AgreementTests.RelativeError(actual[r], expected);
                Assert.True(error <= Tolerance, $"{name}, batch {batch}, row {r}: ONNX Runtime {actual[r]:R} vs float32 Forward {expected:R} (relative error {error:E2})");
                worst = Math.Max(worst, error);
            }
        }
        output.WriteLine($"{name}: worst relative error {worst:E2}");
    }

    [Fact]
    public void The_float32_file_holds_theta_as_float_initializers_exactly_and_Save_writes_the_same_bytes()
    {
        var model = Create("Deep", seed: 5);
        model.Parameters[0] = float.Epsilon;   // the smallest subnormal survives the way through double
        model.Parameters[1] = -0.0f;
        byte[] bytes = OnnxExport.ToBytes(model);
        var proto = ModelProto.Parser.ParseFrom(bytes);
        Assert.Equal((int)TensorProto.Types.DataType.Float, proto.Graph.Input[0].Type.TensorType.ElemType);
        Assert.Equal((int)TensorProto.Types.DataType.Float, proto.Graph.Output[0].Type.TensorType.ElemType);
        foreach (var block in model.Blocks)
        {
            var tensor = Assert.Single(proto.Graph.Initializer, t => t.Name == block.Name);
            Assert.Equal((int)TensorProto.Types.DataType.Float, tensor.DataType);
            Assert.Empty(tensor.DoubleData);
            Assert.Equal(model.Parameters.Slice(block.Offset, block.Length).ToArray().Select(BitConverter.SingleToInt32Bits),
                tensor.FloatData.Select(BitConverter.SingleToInt32Bits));
        }
        // The float64 twin with the same θ exports, as float32, the same file.
        var wide = new Models.DeepModel(H1: 17, D: 9, H2: 18, H3: 19, seed: 5);
        System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<float, double>(model.Parameters, wide.Parameters);
        Assert.Equal(OnnxExport.ToBytes(wide, OnnxElementType.Float32), bytes);

        string path = Path.Combine(Path.GetTempPath(), $"symgrad-f32-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(model, path);
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<ArgumentException>("path", () => OnnxExport.Save(model, ""));
    }
}
