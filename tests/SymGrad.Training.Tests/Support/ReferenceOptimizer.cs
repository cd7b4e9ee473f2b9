namespace SymGrad.Training.Tests.Support;

/// <summary>
/// The optimizers' formulas as plain scalar loops, written from PyTorch's documentation independently of the runtime's
/// SIMD kernel: the oracle the runtime's steps are compared with.
/// </summary>
public sealed class ReferenceOptimizer(Optimizer optimizer, int count)
{
    private readonly double[] _first = new double[count], _second = new double[count];
    private int _t;

    /// <summary>One step on θ with the effective gradient g (mean, L2 and clipping already applied); decayed[i] marks AdamW's blocks.</summary>
    public void Step(double[] theta, double[] g, double eta, Func<int, bool> decayed)
    {
        _t++;
        for (int i = 0; i < theta.Length; i++)
        {
            switch (optimizer)
            {
                case SgdOptimizer { Momentum: 0 }:
                    theta[i] -= eta * g[i];
                    break;
                case SgdOptimizer sgd:
                    _first[i] = sgd.Momentum * _first[i] + g[i];
                    theta[i] -= eta * (sgd.Nesterov ? g[i] + sgd.Momentum * _first[i] : _first[i]);
                    break;
                case AdamOptimizer adam:
                    if (adam is AdamWOptimizer w && decayed(i)) theta[i] *= 1 - eta * w.WeightDecay;
                    _first[i] = adam.Beta1 * _first[i] + (1 - adam.Beta1) * g[i];
                    _second[i] = adam.Beta2 * _second[i] + (1 - adam.Beta2) * g[i] * g[i];
                    double mHat = _first[i] / (1 - Math.Pow(adam.Beta1, _t));
                    double vHat = _second[i] / (1 - Math.Pow(adam.Beta2, _t));
                    theta[i] -= eta * mHat / (Math.Sqrt(vHat) + adam.Epsilon);
                    break;
                default:
                    throw new NotSupportedException(optimizer.GetType().Name);
            }
        }
    }
}
