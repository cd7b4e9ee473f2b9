namespace SymGrad.Onnx;

/// <summary>The element type of an exported model's input, parameters and output.</summary>
public enum OnnxElementType
{
    /// <summary>64-bit floating point, what generated <c>Forward</c> computes in: the same scores to rounding.</summary>
    Float64,

    /// <summary>32-bit floating point: half the size, and what most inference engines run fastest; θ is rounded to it.</summary>
    Float32,
}
