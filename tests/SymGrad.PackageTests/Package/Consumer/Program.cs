// Runs the generated model on fixed numbers and prints everything needed to recompute them, one "key value" per line,
// numbers in round-trip format.
using System.Globalization;
using Consumer;
using SymGrad;

var net = new Nets.TwoLayerModel(H: 3, D: 2, seed: 0);
var theta = net.Parameters;
for (int k = 0; k < theta.Length; k++) theta[k] = 0.25 * Math.Sin(k + 1); // fixed, distinct, never all zero

double[] x = [0.5, -1.25];
const double y = 1.0;
var gradient = new double[net.ParameterCount];

double forward = net.Forward(x);
double loss = net.Gradient<SquaredLoss>(x, y, gradient);

static string Join(ReadOnlySpan<double> values) => string.Join(' ', values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
Console.WriteLine($"framework {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.Replace(' ', '_')}");
Console.WriteLine($"model {net.Name}");
Console.WriteLine($"theta {Join(net.Parameters)}");
Console.WriteLine($"x {Join(x)}");
Console.WriteLine($"y {y.ToString("R", CultureInfo.InvariantCulture)}");
Console.WriteLine($"forward {forward.ToString("R", CultureInfo.InvariantCulture)}");
Console.WriteLine($"predict {net.Predict(x).ToString("R", CultureInfo.InvariantCulture)}");
Console.WriteLine($"loss {loss.ToString("R", CultureInfo.InvariantCulture)}");
Console.WriteLine($"gradient {Join(gradient)}");
