// The lecture's two-layer network learns XOR, trained by the plainest SGD loop there is, written out here:
// for each example, compute ∂L/∂θ with the generated Gradient, then step θ ← θ − η·g.
using SymGrad;
using Xor;

double[][] inputs = [[-1, -1], [-1, 1], [1, -1], [1, 1]];
double[] targets = [-1, 1, 1, -1]; // +1 where the signs differ

const double learningRate = 0.02;
const int epochs = 200;
var net = new Nets.TwoLayerModel(H: 4, D: 2, seed: 0);
net.Initialize(seed: 1, scale: 1.0); // never all zeros: random noise breaks the symmetry between hidden units

Span<double> theta = net.Parameters;
var gradient = new double[net.ParameterCount];
for (int epoch = 1; epoch <= epochs; epoch++)
{
    double loss = 0;
    for (int i = 0; i < inputs.Length; i++)
    {
        Array.Clear(gradient); // Gradient accumulates, so start each example from zero
        loss += net.Gradient<SquaredLoss>(inputs[i], targets[i], gradient);
        for (int k = 0; k < theta.Length; k++) theta[k] -= learningRate * gradient[k];
    }
    if (epoch == 1 || epoch % 20 == 0) Console.WriteLine($"epoch {epoch,3}: mean squared loss {loss / inputs.Length:F6}");
}

int correct = 0;
for (int i = 0; i < inputs.Length; i++)
{
    double score = net.Forward(inputs[i]);
    int predicted = Math.Sign(score);
    if (predicted == (int)targets[i]) correct++;
    Console.WriteLine($"x = ({inputs[i][0],2}, {inputs[i][1],2})  f(x) = {score,7:F3}  sign(f(x)) = {predicted,2}  target {targets[i],2}");
}
Console.WriteLine($"{correct} of {inputs.Length} correct");
return correct == inputs.Length ? 0 : 1;
