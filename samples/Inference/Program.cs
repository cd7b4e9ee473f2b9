// Native AOT inference with a SymGrad model: load trained parameters, print a prediction per feature row.
//
// Usage:
//   Inference [--float32] <parameters.sgparams> [rows.csv]
//     --float32   serve with the float32 class (TwoLayerModelFloat32): θ loaded in float64, rounded to float once
//     parameters  a file written by ParameterFile.Save for Nets.TwoLayer with H = 16, D = 2 (docs/parameter-format.md);
//                 if it was saved with a Standardizer, every row is standardised with it before the model sees it
//     rows.csv    feature rows "x1,x2", one per line, an optional header line; read from standard input when
//                 omitted or "-"
//   Prints "row,score,class": the score f(x) = v · tanh(Wx + b) (round-trip format) and its sign, the class.
//
// Try it (the committed files are a network trained on the two-moons data, and 16 rows of it):
//   dotnet run --project samples/Inference -- samples/Inference/data/moons.sgparams samples/Inference/data/rows.csv
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
    var model = new Nets.TwoLayerModel(H: Nets.Hidden, D: Nets.Features, seed: 0);
    ParameterFile.Load(model, args[0], out var standardizer);
    using TextReader rows = args.Length == 1 || args[1] == "-" ? Console.In : new StreamReader(args[1]);
    if (float32)
    {
        // The committed file holds float64 parameters (a float32 model refuses it): round them into the float32 class.
        var narrow = new Nets.TwoLayerModelFloat32(H: Nets.Hidden, D: Nets.Features, seed: 0);
        for (int i = 0; i < model.ParameterCount; i++) narrow.Parameters[i] = (float)model.Parameters[i];
        Predictions.Write(narrow, rows, Console.Out, standardizer);
    }
    else Predictions.Write(model, rows, Console.Out, standardizer);
    return 0;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
{
    Console.Error.WriteLine($"Inference: {e.Message}");
    return 1;
}
