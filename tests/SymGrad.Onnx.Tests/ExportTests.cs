using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using SymGrad.Onnx.Tests.Support;
using SymGrad.Tests;

namespace SymGrad.Onnx.Tests;

/// <summary>What an exported file holds, how the export refuses what it cannot write, and its argument checks.</summary>
public class ExportTests
{
    private static readonly Dictionary<string, int> s_moons = new() { ["H"] = 16, ["D"] = 2 };

    [Theory]
    [InlineData(OnnxElementType.Float64, TensorElementType.Double)]
    [InlineData(OnnxElementType.Float32, TensorElementType.Float)]
    public void The_file_has_a_named_input_with_a_dynamic_batch_axis_and_a_batch_of_scores(OnnxElementType type, TensorElementType expected)
    {
        var model = ExportCase.Create("TwoLayer", s_moons, seed: 1);
        using var session = new InferenceSession(OnnxExport.ToBytes(model, type));

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("x", input.Key);
        Assert.Equal([-1, 2], input.Value.Dimensions);
        Assert.Equal(OnnxExport.BatchAxis, input.Value.SymbolicDimensions[0]);
        Assert.Equal(expected, input.Value.ElementDataType);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("score", output.Key);
        Assert.Equal([-1, 1], output.Value.Dimensions);
        Assert.Equal(expected, output.Value.ElementDataType);
    }

    [Fact]
    public void The_file_names_its_IR_version_and_opset_and_holds_theta_as_initializers()
    {
        var model = ExportCase.Create("TwoLayer", s_moons, seed: 2);
        var proto = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model));

        Assert.Equal(8, proto.IrVersion);
        var opset = Assert.Single(proto.OpsetImport);
        Assert.Equal(string.Empty, opset.Domain);
        Assert.Equal(17, opset.Version);
        Assert.Equal("SymGrad", proto.ProducerName);
        foreach (var block in model.Blocks)
        {
            var tensor = Assert.Single(proto.Graph.Initializer, t => t.Name == block.Name);
            Assert.Equal(block.IsMatrix ? [block.Rows, block.Columns] : new long[] { block.Rows }, tensor.Dims.ToArray());
            Assert.Equal(model.Parameters.Slice(block.Offset, block.Length).ToArray(), tensor.DoubleData.ToArray());
        }
    }

    [Fact]
    public void A_scalar_parameter_is_a_scalar_initializer_and_float32_rounds_theta()
    {
        var model = ExportCase.Create("Deep", new Dictionary<string, int> { ["D"] = 3, ["H1"] = 4, ["H2"] = 5, ["H3"] = 2 }, seed: 3);
        var proto = ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model, OnnxElementType.Float32));
        var block = model.Blocks.Single(b => b.Name == "c");
        var c = Assert.Single(proto.Graph.Initializer, t => t.Name == "c");
        Assert.Empty(c.Dims);
        Assert.Equal((float)model.Parameters[block.Offset], Assert.Single(c.FloatData));
    }

    [Fact]
    public void Save_writes_a_file_that_ONNX_Runtime_runs()
    {
        var model = ExportCase.Create("RbfIndexed", s_moons, seed: 4);
        string path = Path.Combine(Path.GetTempPath(), $"symgrad-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(model, path);
            using var session = new InferenceSession(path);
            double[] x = [0.25, -1.5];
            using var input = OrtValue.CreateTensorValueFromMemory(x, [1, 2]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["x"], [input], ["score"]);
            double score = outputs[0].GetTensorDataAsSpan<double>()[0];
            Assert.True(AgreementTests.RelativeError(score, model.Forward(x)) <= 1e-12, $"{score:R} vs {model.Forward(x):R}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_custom_function_is_refused_by_name_and_nothing_is_written()
    {
        var model = ExportCase.Create("CustomActivations", s_moons, seed: 5);
        string path = Path.Combine(Path.GetTempPath(), $"symgrad-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "an earlier file");
        try
        {
            var e = Assert.Throws<NotSupportedException>(() => OnnxExport.Save(model, path));
            Assert.Contains("SymGrad.Tests.Models.CustomActivations", e.Message);
            Assert.Contains("custom function SymGrad.Tests.Models.Softplus ([Derivative])", e.Message);
            Assert.Contains("SymGrad.Tests.Models.ScaledTanh", e.Message);
            Assert.Equal("an earlier file", File.ReadAllText(path));
            Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes(model, OnnxElementType.Float32));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var model = ExportCase.Create("TwoLayer", s_moons, seed: 6);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => OnnxExport.ToBytes(null!)).ParamName);
        Assert.Equal("path", Assert.ThrowsAny<ArgumentException>(() => OnnxExport.Save(model, "")).ParamName);
        Assert.Equal("elementType", Assert.Throws<ArgumentOutOfRangeException>(() => OnnxExport.ToBytes(model, (OnnxElementType)7)).ParamName);
    }

    [Fact]
    public void A_parameter_beyond_float32s_range_is_refused_for_float32_only()
    {
        var model = ExportCase.Create("TwoLayer", s_moons, seed: 7);
        var w = model.Blocks.Single(b => b.Name == "W");
        model.Parameters[w.Offset + 3] = 1e300;
        var e = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes(model, OnnxElementType.Float32));
        Assert.Equal("elementType", e.ParamName);
        Assert.Contains("Parameter W", e.Message);
        Assert.NotEmpty(OnnxExport.ToBytes(model, OnnxElementType.Float64));
    }

    /// <summary>NaN, infinities and signed zeros take the same branches and give the same scores in both engines.</summary>
    [Theory]
    [InlineData("SignAndNotEqual")]
    [InlineData("OpRelu")]
    [InlineData("GuardedLog")]
    [InlineData("GuardedDivision")]
    [InlineData("OpTanh")]
    public void Special_values_agree(string name)
    {
        var model = ExportCase.Create(name, new Dictionary<string, int> { ["H"] = 3, ["D"] = 4 }, seed: 8);
        double[] rows =
        [
            double.NaN, 1.0, -1.0, 0.5,
            0.0, -0.0, 2.0, -3.0,
            double.PositiveInfinity, 1.0, 0.25, -0.25,
            double.NegativeInfinity, -2.0, 0.0, 1.0,
        ];
        using var runner = new OnnxRunner(model, OnnxElementType.Float64);
        double[] actual = runner.Run(rows), expected = ExportCase.Forward(model, rows);
        for (int r = 0; r < expected.Length; r++)
            Assert.True(actual[r].Equals(expected[r]) || AgreementTests.RelativeError(actual[r], expected[r]) <= 1e-12,
                $"{name}, row {r}: ONNX Runtime {actual[r]:R} vs Forward {expected[r]:R}");
    }
}
