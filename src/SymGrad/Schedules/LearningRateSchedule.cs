using static SymGrad.Setting;

namespace SymGrad;

/// <summary>
/// How the learning rate changes over the epochs of a run, relative to <see cref="SgdOptions.LearningRate"/> η₀:
/// <see cref="ConstantSchedule"/>, <see cref="InverseDecaySchedule"/>, <see cref="StepSchedule"/>, <see cref="CosineSchedule"/>,
/// <see cref="WarmupSchedule"/> (linear warm-up before another schedule) and <see cref="ReduceOnPlateauSchedule"/>.
/// Epochs are counted from 1; the rate is fixed for a whole epoch.
/// </summary>
public abstract record LearningRateSchedule
{
    private protected LearningRateSchedule() { }

    /// <summary>
    /// The learning rate of <paramref name="epoch"/> (from 1) in a run of <paramref name="epochs"/> epochs starting
    /// from <paramref name="baseRate"/>; for <see cref="ReduceOnPlateauSchedule"/>, the rate before any reduction.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is less than 1.</exception>
    public double RateAt(int epoch, double baseRate, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        return Rate(epoch, baseRate, epochs);
    }

    private protected abstract double Rate(int epoch, double baseRate, int epochs);

    /// <summary>A fresh per-run state for the schedules that keep one (reduce-on-plateau); null for the others.</summary>
    internal virtual PlateauState? StartState() => null;

    /// <summary>The rate of <paramref name="epoch"/> given the run's state (what <see cref="Sgd"/> uses).</summary>
    internal virtual double RateAt(int epoch, double baseRate, int epochs, PlateauState? state) => Rate(epoch, baseRate, epochs);

    /// <summary>Tells a stateful schedule the metric measured after <paramref name="epoch"/>.</summary>
    internal virtual void Observe(int epoch, double metric, PlateauState? state) { }
}

/// <summary>η₀ in every epoch.</summary>
public sealed record ConstantSchedule : LearningRateSchedule
{
    private protected override double Rate(int epoch, double baseRate, int epochs) => baseRate;
}

/// <summary>Epoch e uses η₀ / (1 + d·(e − 1)): the lecture's decay, what <see cref="SgdOptions.LearningRateDecay"/> sets.</summary>
public sealed record InverseDecaySchedule : LearningRateSchedule
{
    /// <summary>The decay d ≥ 0, finite.</summary>
    public required double Decay
    {
        get;
        init => field = Checked(value, value >= 0 && double.IsFinite(value), nameof(Decay), "The decay must be non-negative and finite.");
    }

    private protected override double Rate(int epoch, double baseRate, int epochs) => baseRate / (1 + Decay * (epoch - 1));
}

/// <summary>Multiplies the rate by <see cref="Factor"/> every <see cref="Every"/> epochs: η₀·γ^⌊(e − 1)/k⌋ (PyTorch's StepLR).</summary>
public sealed record StepSchedule : LearningRateSchedule
{
    /// <summary>The step length k in epochs, at least 1.</summary>
    public required int Every
    {
        get;
        init => field = Checked(value, value >= 1, nameof(Every), "The step length must be at least one epoch.");
    }

    /// <summary>The factor γ in (0, 1]. Default 0.1.</summary>
    public double Factor
    {
        get;
        init => field = Checked(value, value > 0 && value <= 1, nameof(Factor), "The factor must lie in (0, 1].");
    } = 0.1;

    private protected override double Rate(int epoch, double baseRate, int epochs) => baseRate * Math.Pow(Factor, (epoch - 1) / Every);
}

/// <summary>
/// Cosine annealing from η₀ down towards <see cref="MinimumRate"/> over the run (PyTorch's CosineAnnealingLR with
/// T_max = the run's epoch count T): epoch e uses η_min + (η₀ − η_min)·(1 + cos(π·(e − 1)/T))/2.
/// </summary>
public sealed record CosineSchedule : LearningRateSchedule
{
    /// <summary>η_min ≥ 0, finite. Default 0.</summary>
    public double MinimumRate
    {
        get;
        init => field = Checked(value, value >= 0 && double.IsFinite(value), nameof(MinimumRate), "The minimum rate must be non-negative and finite.");
    }

    private protected override double Rate(int epoch, double baseRate, int epochs) =>
        MinimumRate + (baseRate - MinimumRate) * (1 + Math.Cos(Math.PI * Math.Min(epoch - 1, epochs) / epochs)) / 2;
}

/// <summary>
/// Linear warm-up: epochs 1…W use η·e/W, where η is what <see cref="Then"/> gives its first epoch; epoch W + e
/// then uses <see cref="Then"/>'s epoch e, in a run W epochs shorter.
/// </summary>
public sealed record WarmupSchedule : LearningRateSchedule
{
    /// <summary>The warm-up length W, at least 1.</summary>
    public required int Epochs
    {
        get;
        init => field = Checked(value, value >= 1, nameof(Epochs), "The warm-up must last at least one epoch.");
    }

    /// <summary>The schedule after the warm-up. Default constant.</summary>
    public LearningRateSchedule Then
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Then));
    } = new ConstantSchedule();

    private protected override double Rate(int epoch, double baseRate, int epochs) => RateAt(epoch, baseRate, epochs, null);

    internal override PlateauState? StartState() => Then.StartState();

    internal override double RateAt(int epoch, double baseRate, int epochs, PlateauState? state) => epoch <= Epochs
        ? Then.RateAt(1, baseRate, Math.Max(1, epochs - Epochs), state) * epoch / Epochs
        : Then.RateAt(epoch - Epochs, baseRate, Math.Max(1, epochs - Epochs), state);

    internal override void Observe(int epoch, double metric, PlateauState? state)
    {
        if (epoch > Epochs) Then.Observe(epoch - Epochs, metric, state);
    }
}
