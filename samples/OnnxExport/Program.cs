// Export the lecture's trained two-layer network to ONNX and run the file in ONNX Runtime next to generated Forward.
//
// Usage:
//   OnnxExport [parameters.sgparams [rows.csv [model.onnx]]]
//     parameters  a file written by ParameterFile.Save for Nets.TwoLayer with H = 16, D = 2 (default: the Inference
//                 sample's data/moons.sgparams, trained on the two-moons data)
//     rows.csv    feature rows "x1,x2" with an optional header line (default: data/rows.csv)
//     model.onnx  where to write the float64 file (default: two-layer.onnx); the float32 file goes beside it
//   Prints "row,forward,onnx64,onnx32,class", then how far ONNX Runtime's scores are from Forward's. The class is
//   what the Inference sample's Native AOT binary prints for the same rows:
//   dotnet run --project samples/OnnxExport
//   samples/Inference/out/Inference samples/Inference/data/moons.sgparams samples/Inference/data/rows.csv
//
// Exit codes: 0 success, 1 a file or row could not be used, 2 wrong usage, 3 the engines disagree.
using System.Globalization;
using Inference;
using Microsoft.ML.OnnxRuntime;
using SymGrad;
using SymGrad.Onnx;

// The model is the Inference sample's Nets.TwoLayer (its Nets.cs is compiled into this project).

if (args.Length > 3 || args is [("-h" or "--help"), ..])
{
    Console.Error.WriteLine("usage: OnnxExport [parameters.sgparams [rows.csv [model.onnx]]]");
    return 2;
}
string data = Path.Combine(AppContext.BaseDirectory, "data");
string parameters = args.Length > 0 ? args[0] : Path.Combine(data, "moons.sgparams");
string rowsPath = args.Length > 1 ? args[1] : Path.Combine(data, "rows.csv");
string onnx64 = args.Length > 2 ? args[2] : "two-layer.onnx";
string onnx32 = Path.ChangeExtension(onnx64, ".float32.onnx");

try
{
    var model = new Nets.TwoLayerModel(H: Nets.Hidden, D: Nets.Features, seed: 0);
    ParameterFile.Load(model, parameters);
    OnnxExport.Save(model, onnx64);
    OnnxExport.Save(model, onnx32, OnnxElementType.Float32);
    Console.WriteLine($"wrote {onnx64} and {onnx32} (ONNX IR {OnnxExport.IrVersion}, opset {OnnxExport.Opset}): x is [batch, {model.InputLength}], score [batch, 1]");

    // The rows, all in one [count, D] batch, and Forward's score for each.
    double[] rows = ReadRows(rowsPath, model.InputLength);
    int count = rows.Length / model.InputLength;
    double[] forward = new double[count];
    for (int r = 0; r < count; r++) forward[r] = model.Forward(rows.AsSpan(r * model.InputLength, model.InputLength));

    // ONNX Runtime: one session per file, every row in one batch.
    double[] scores64 = Run(onnx64, rows, count, model.InputLength, single: false);
    double[] scores32 = Run(onnx32, rows, count, model.InputLength, single: true);

    Console.WriteLine("row,forward,onnx64,onnx32,class");
    double worst64 = 0, worst32 = 0;
    bool classesAgree = true;
    for (int r = 0; r < count; r++)
    {
        worst64 = Math.Max(worst64, Math.Abs(scores64[r] - forward[r]) / Math.Max(Math.Abs(forward[r]), 1));
        worst32 = Math.Max(worst32, Math.Abs(scores32[r] - forward[r]) / Math.Max(Math.Abs(forward[r]), 1));
        classesAgree &= Math.Sign(scores64[r]) == Math.Sign(forward[r]) && Math.Sign(scores32[r]) == Math.Sign(forward[r]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r + 1},{forward[r]:R},{scores64[r]:R},{scores32[r]:R},{Math.Sign(forward[r])}"));
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{count} rows: float64 within {worst64:E1} of Forward, float32 within {worst32:E1}; classes {(classesAgree ? "all equal" : "DIFFER")}"));
    return classesAgree && worst64 <= 1e-12 && worst32 <= 1e-5 ? 0 : 3;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
{
    Console.Error.WriteLine($"OnnxExport: {e.Message}");
    return 1;
}

// Numbers separated by commas, an optional header line first, blank lines skipped (as the Inference sample reads them).
static double[] ReadRows(string path, int length)
{
    var values = new List<double>();
    int lineNumber = 0;
    foreach (string line in File.ReadLines(path))
    {
        lineNumber++;
        if (string.IsNullOrWhiteSpace(line) || lineNumber == 1 && line.Any(char.IsLetter)) continue;
        string[] fields = line.Split(',');
        if (fields.Length != length) throw new FormatException($"Line {lineNumber}: expected {length} values, found {fields.Length}.");
        values.AddRange(fields.Select(f => double.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture)));
    }
    return values.ToArray();
}

static double[] Run(string path, double[] rows, int count, int length, bool single)
{
    using var session = new InferenceSession(path);
    long[] shape = [count, length];
    using var input = single ? OrtValue.CreateTensorValueFromMemory(rows.Select(v => (float)v).ToArray(), shape)
        : OrtValue.CreateTensorValueFromMemory(rows, shape);
    using var runOptions = new RunOptions();
    using var outputs = session.Run(runOptions, session.InputNames, [input], session.OutputNames);
    return single ? outputs[0].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v).ToArray()
        : outputs[0].GetTensorDataAsSpan<double>().ToArray();
}
