// Native AOT inference with a SymGrad model: load trained parameters, print a prediction per feature row.
//
// Usage:
//   Inference [--float32] <parameters.sgparams> [rows.csv]
//     --float32   serve with the float32 class (TwoLayerModelFloat32), from a file of float32 parameters (a float64
//                 file is refused: the element type is in the file's header)
//     parameters  a file written by ParameterFile.Save for Nets.TwoLayer with H = 16, D = 2 (docs/parameter-format.md);
//                 if it was saved with a Standardizer, every row is standardised with it before the model sees it
//     rows.csv    feature rows "x1,x2", one per line, an optional header line; read from standard input when
//                 omitted or "-"
//   Prints "row,score,class": the score f(x) = v · tanh(Wx + b) (round-trip format) and its sign, the class.
//
// Try it (the committed files are a network trained on the two-moons data in float64, the same network trained in
// float32, and 16 rows of the data):
//   dotnet run --project samples/Inference -- samples/Inference/data/moons.sgparams samples/Inference/data/rows.csv
//   dotnet run --project samples/Inference -- --float32 samples/Inference/data/moons.float32.sgparams samples/Inference/data/rows.csv
//   dotnet publish samples/Inference -c Release -p:PublishAot=true -r linux-x64 -o samples/Inference/out
//   samples/Inference/out/Inference samples/Inference/data/moons.sgparams < samples/Inference/data/rows.csv
//   (the published folder also holds data/; the binary needs neither the .NET runtime nor SymGrad.dll)
// data/ is written by tests/SymGrad.PackageTests/Aot/SampleData.cs: run that project's tests with
// SYMGRAD_WRITE_SAMPLE_DATA=1 to retrain and rewrite it (e.g. after a change to the parameter format).
//
// Exit codes: 0 success, 1 a file or row could not be used (the message says why), 2 wrong usage.
using Inference;
using SymGrad;

bool float32 = args.Length > 0 && args[0] == "--float32";
if (float32) args = args[1..];
if (args.Length is < 1 or > 2 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: Inference [--float32] <parameters.sgparams> [rows.csv | -]");
    return 2;
}

try
{
    // The parameters first: a file that cannot be used is reported before any row is read.
    if (float32)
    {
        var model = new Nets.TwoLayerModelFloat32(H: Nets.Hidden, D: Nets.Features, seed: 0);
        ParameterFile.Load(model, args[0], out var standardizer);
        using var rows = OpenRows(args);
        Predictions.Write(model, rows, Console.Out, standardizer);
    }
    else
    {
        var model = new Nets.TwoLayerModel(H: Nets.Hidden, D: Nets.Features, seed: 0);
        ParameterFile.Load(model, args[0], out var standardizer);
        using var rows = OpenRows(args);
        Predictions.Write(model, rows, Console.Out, standardizer);
    }
    return 0;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
{
    Console.Error.WriteLine($"Inference: {e.Message}");
    return 1;
}

// The rows file, or standard input when it is omitted or "-".
static TextReader OpenRows(string[] args) => args.Length == 1 || args[1] == "-" ? Console.In : new StreamReader(args[1]);
