namespace SymGrad;

/// <summary>
/// Feature standardisation: each input feature j becomes <c>z_j = (x_j − μ_j) / σ_j</c>, with the mean μ and standard
/// deviation σ measured on the training set only. Fit it on the training set, apply the same instance to the training,
/// validation and test sets and to every input at inference, and save it with the parameters
/// (<see cref="ParameterFile.Save{T}(IParameterized{T}, string, Standardizer?)"/>) so the shipped model sees inputs as it was trained on them.
/// </summary>
/// <remarks>
/// Use it when features have different units or scales (metres beside millimetres, a count beside a fraction): tanh
/// and RBF units then start where their slopes are, one learning rate and one initialisation scale suit every
/// feature, and L2 treats the features alike. Features already of order 1 around 0 (the toy data sets) need none.
/// A constant feature (σ = 0) is only centred (σ is taken as 1), since dividing by 0 would make it NaN.
/// </remarks>
public sealed class Standardizer
{
    private readonly double[] _means;
    private readonly double[] _deviations;

    private Standardizer(double[] means, double[] deviations)
    {
        _means = means;
        _deviations = deviations;
    }

    /// <summary>The number of features it standardises.</summary>
    public int InputLength => _means.Length;

    /// <summary>The mean μ_j of each feature on the data it was fitted on.</summary>
    public IReadOnlyList<double> Means => _means;

    /// <summary>The standard deviation σ_j each feature is divided by (population, 1/n; 1 for a constant feature).</summary>
    public IReadOnlyList<double> Deviations => _deviations;

    /// <summary>Measures each feature's mean and standard deviation on <paramref name="train"/>.</summary>
    public static Standardizer Fit(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        int length = train.InputLength;
        var means = new double[length];
        var deviations = new double[length];
        for (int j = 0; j < length; j++)
        {
            double mean = 0;
            for (int i = 0; i < train.Count; i++) mean += train.Input(i)[j];
            mean /= train.Count;
            double squares = 0;
            for (int i = 0; i < train.Count; i++) squares += (train.Input(i)[j] - mean) * (train.Input(i)[j] - mean);
            double deviation = Math.Sqrt(squares / train.Count);
            means[j] = mean;
            deviations[j] = deviation > 0 && double.IsFinite(deviation) ? deviation : 1.0;
        }
        return new Standardizer(means, deviations);
    }

    /// <summary>A standardisation with the given means and standard deviations (each positive and finite).</summary>
    /// <exception cref="ArgumentException">The lengths differ or are 0, a mean is not finite, or a deviation is not positive and finite.</exception>
    public static Standardizer Create(ReadOnlySpan<double> means, ReadOnlySpan<double> deviations)
    {
        if (means.Length == 0) throw new ArgumentException("There must be at least one feature.", nameof(means));
        if (deviations.Length != means.Length)
            throw new ArgumentException($"There are {means.Length} means but {deviations.Length} deviations.", nameof(deviations));
        for (int j = 0; j < means.Length; j++)
        {
            if (!double.IsFinite(means[j])) throw new ArgumentException($"Mean {j} is {means[j]}.", nameof(means));
            if (!(deviations[j] > 0) || !double.IsFinite(deviations[j]))
                throw new ArgumentException($"Deviation {j} is {deviations[j]}; it must be positive and finite.", nameof(deviations));
        }
        return new Standardizer(means.ToArray(), deviations.ToArray());
    }

    /// <summary>Writes the standardised <paramref name="x"/> into <paramref name="destination"/> (may be the same memory). Allocates nothing.</summary>
    /// <exception cref="ArgumentException">A span does not have length <see cref="InputLength"/>.</exception>
    public void Apply(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (x.Length != InputLength) throw new ArgumentException($"The input has length {x.Length}; the standardisation is for {InputLength} features.", nameof(x));
        if (destination.Length != InputLength) throw new ArgumentException($"The destination has length {destination.Length}, not {InputLength}.", nameof(destination));
        for (int j = 0; j < x.Length; j++) destination[j] = (x[j] - _means[j]) / _deviations[j];
    }

    /// <summary>
    /// A new data set of <paramref name="data"/>'s inputs standardised, with the same targets and layout; <paramref name="data"/> is unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs do not have <see cref="InputLength"/> features.</exception>
    public Dataset Apply(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputLength != InputLength)
            throw new ArgumentException($"The inputs have {data.InputLength} features; the standardisation is for {InputLength}.", nameof(data));
        var targets = (double[])data.Targets.Clone();
        if (data.IsContiguous)
        {
            var values = new double[data.Count * InputLength];
            for (int i = 0; i < data.Count; i++) Apply(data.Input(i), values.AsSpan(i * InputLength, InputLength));
            return new Dataset(values, InputLength, targets);
        }
        var inputs = new double[data.Count][];
        for (int i = 0; i < data.Count; i++)
        {
            inputs[i] = new double[InputLength];
            Apply(data.Input(i), inputs[i]);
        }
        return new Dataset(inputs, targets);
    }
}
