using System.Numerics;
using System.Reflection;
using Google.Protobuf;
using Onnx;

namespace SymGrad.Onnx;

/// <summary>
/// Writes a generated model as an ONNX model file: its <see cref="IModel{T}.ForwardGraph"/> (standard operators of
/// opset <see cref="Opset"/>) with its parameters θ as initializers. The input is named as the model method's input
/// and shaped <c>[batch, D]</c> with a dynamic batch axis; the output, <c>score</c>, is <c>[batch, 1]</c>. A float64
/// model is written in either element type; a float32 model (<c>Precision.Float32</c>) in float32, its θ as it is.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX IR version of the files written (ONNX 1.12's schema).</summary>
    public const long IrVersion = (long)global::Onnx.Version.IrVersion;

    /// <summary>The operator set of the default domain that the files import.</summary>
    public const long Opset = ForwardGraph.Opset;

    /// <summary>The name of the batch axis of the input and the output.</summary>
    public const string BatchAxis = "batch";

    /// <summary>Writes <paramref name="model"/> to the file <paramref name="path"/> (replacing it).</summary>
    /// <param name="model">A generated model; its current θ is written.</param>
    /// <param name="path">The file to write, conventionally ending in <c>.onnx</c>.</param>
    /// <param name="elementType">The element type of the input, θ and the output.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, <paramref name="elementType"/> is not defined, or θ does not fit it.</exception>
    /// <exception cref="NotSupportedException">The model uses an operation ONNX has no operator for (a custom function); nothing is written.</exception>
    public static void Save(IModel model, string path, OnnxElementType elementType = OnnxElementType.Float64)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Everything is built and checked before the file is touched, so a refused export leaves it as it was.
        byte[] bytes = ToBytes(model, elementType);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The ONNX model file of <paramref name="model"/>, as bytes (for an inference session's constructor).</summary>
    /// <inheritdoc cref="Save(IModel, string, OnnxElementType)" path="/param[@name='model']"/>
    /// <inheritdoc cref="Save(IModel, string, OnnxElementType)" path="/param[@name='elementType']"/>
    /// <exception cref="ArgumentException"><paramref name="elementType"/> is not defined, or θ does not fit it.</exception>
    /// <exception cref="NotSupportedException">The model uses an operation ONNX has no operator for (a custom function).</exception>
    public static byte[] ToBytes(IModel model, OnnxElementType elementType = OnnxElementType.Float64) =>
        ToModelProto(model, elementType).ToByteArray();

    /// <summary>
    /// Writes the float32 model <paramref name="model"/> to the file <paramref name="path"/> (replacing it) as a float32
    /// ONNX model: FLOAT input, output, constants and initializers, θ exactly as the model holds it.
    /// </summary>
    /// <param name="model">A generated float32 model; its current θ is written.</param>
    /// <param name="path">The file to write, conventionally ending in <c>.onnx</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="NotSupportedException">The model uses an operation ONNX has no operator for (a custom function); nothing is written.</exception>
    public static void Save(IModel<float> model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(model);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The float32 ONNX model file of the float32 model <paramref name="model"/>, as bytes.</summary>
    /// <inheritdoc cref="Save(IModel{float}, string)" path="/param[@name='model']"/>
    /// <exception cref="NotSupportedException">The model uses an operation ONNX has no operator for (a custom function).</exception>
    public static byte[] ToBytes(IModel<float> model) => ToModelProto(model, OnnxElementType.Float32).ToByteArray();

    internal static ModelProto ToModelProto<T>(IModel<T> model, OnnxElementType elementType) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Enum.IsDefined(elementType))
            throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "Not an OnnxElementType.");
        var graph = model.ForwardGraph;
        if (graph.Unsupported.Count > 0)
            throw new NotSupportedException($"{model.FullName} cannot be exported to ONNX: {string.Join("; ", graph.Unsupported)}.");

        var type = elementType == OnnxElementType.Float64 ? TensorProto.Types.DataType.Double : TensorProto.Types.DataType.Float;
        var proto = new GraphProto { Name = model.FullName, DocString = $"The forward pass f({graph.Input}) of the SymGrad model {model.FullName}." };
        proto.Input.Add(Value(graph.Input, type, model.InputLength));
        proto.Output.Add(Value(graph.Output, type, 1));

        var read = graph.Nodes.SelectMany(n => n.Inputs).ToHashSet(StringComparer.Ordinal);
        read.Add(graph.Output);
        // θ in double: a float32 model's floats widen exactly, and Tensor rounds them back to the same floats.
        var theta = Array.ConvertAll(model.Parameters.ToArray(), double.CreateTruncating).AsSpan();
        foreach (var block in model.Blocks.Where(b => read.Contains(b.Name)))
            proto.Initializer.Add(Parameter(block, theta.Slice(block.Offset, block.Length), type, elementType));
        foreach (var constant in graph.Constants)
            proto.Initializer.Add(Tensor(constant.Name, type, elementType, [constant.Value], []));
        foreach (var indices in graph.Indices)
        {
            var tensor = new TensorProto { Name = indices.Name, DataType = (int)TensorProto.Types.DataType.Int64 };
            tensor.Dims.Add(indices.Values.Count);
            tensor.Int64Data.AddRange(indices.Values);
            proto.Initializer.Add(tensor);
        }
        foreach (var node in graph.Nodes) proto.Node.Add(Node(node));

        var result = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "SymGrad",
            ProducerVersion = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? string.Empty,
            DocString = $"Exported by SymGrad.Onnx from the generated model {model.FullName}.",
            Graph = proto,
        };
        result.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return result;
    }

    /// <summary>A graph input or output: <c>[batch, length]</c> of the element type.</summary>
    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, int length)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchAxis });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = length });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    private static TensorProto Parameter(ParameterBlock block, ReadOnlySpan<double> values, TensorProto.Types.DataType type, OnnxElementType elementType)
    {
        long[] dims = block.Rank switch { 0 => [], 1 => [block.Rows], _ => [block.Rows, block.Columns] };
        if (elementType == OnnxElementType.Float32)
            foreach (double v in values)
                if (double.IsFinite(v) && !float.IsFinite((float)v))
                    throw new ArgumentException($"Parameter {block.Name} holds {v}, beyond float32's range; export it as Float64.", nameof(elementType));
        return Tensor(block.Name, type, elementType, values, dims);
    }

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, OnnxElementType elementType, ReadOnlySpan<double> values, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims);
        if (elementType == OnnxElementType.Float64)
            foreach (double v in values) tensor.DoubleData.Add(v);
        else
            foreach (double v in values) tensor.FloatData.Add((float)v);
        return tensor;
    }

    private static NodeProto Node(ForwardGraphNode node)
    {
        var proto = new NodeProto { OpType = node.Operator, Name = node.Output };
        proto.Input.AddRange(node.Inputs);
        proto.Output.Add(node.Output);
        foreach (var attribute in node.Attributes)
            proto.Attribute.Add(new AttributeProto { Name = attribute.Name, Type = AttributeProto.Types.AttributeType.Int, I = attribute.Value });
        return proto;
    }
}
