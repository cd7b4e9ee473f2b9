using static SymGrad.Setting;

namespace SymGrad;

/// <summary>
/// Reduce-on-plateau, as PyTorch's ReduceLROnPlateau (mode "min", relative threshold): after each measured epoch
/// (see <see cref="SgdOptions.EvaluateEvery"/>) it reads the validation loss, or the training loss when there is no
/// validation set (the epoch's mean minibatch loss when <see cref="SgdOptions.MeasureTraining"/> is false). A value
/// below best·(1 − <see cref="Threshold"/>) is an improvement; after more than <see cref="Patience"/> measurements
/// without one, the rate is multiplied by <see cref="Factor"/> (not below <see cref="MinimumRate"/>) and
/// <see cref="Cooldown"/> measurements pass before bad ones count again.
/// </summary>
public sealed record ReduceOnPlateauSchedule : LearningRateSchedule
{
    /// <summary>The factor in (0, 1) the rate is multiplied by. Default 0.1.</summary>
    public double Factor
    {
        get;
        init => field = Checked(value, value > 0 && value < 1, nameof(Factor), "The factor must lie in (0, 1).");
    } = 0.1;

    /// <summary>Measurements without improvement tolerated before a reduction; at least 0. Default 10.</summary>
    public int Patience
    {
        get;
        init => field = Checked(value, value >= 0, nameof(Patience), "The patience must not be negative.");
    } = 10;

    /// <summary>The relative improvement that counts, in [0, 1). Default 1e-4.</summary>
    public double Threshold
    {
        get;
        init => field = Checked(value, value >= 0 && value < 1, nameof(Threshold), "The threshold must lie in [0, 1).");
    } = 1e-4;

    /// <summary>Measurements after a reduction during which no bad ones are counted; at least 0. Default 0.</summary>
    public int Cooldown
    {
        get;
        init => field = Checked(value, value >= 0, nameof(Cooldown), "The cooldown must not be negative.");
    }

    /// <summary>The rate is never reduced below this; non-negative and finite. Default 0.</summary>
    public double MinimumRate
    {
        get;
        init => field = Checked(value, value >= 0 && double.IsFinite(value), nameof(MinimumRate), "The minimum rate must be non-negative and finite.");
    }

    private protected override double Rate(int epoch, double baseRate, int epochs) => baseRate;

    internal override PlateauState? StartState() => new();

    internal override double RateAt(int epoch, double baseRate, int epochs, PlateauState? state) =>
        state is null || state.Reductions == 0 ? baseRate : Math.Max(baseRate * Math.Pow(Factor, state.Reductions), MinimumRate);

    internal override void Observe(int epoch, double metric, PlateauState? state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (metric < state.Best * (1 - Threshold)) (state.Best, state.BadMeasurements) = (metric, 0);
        else state.BadMeasurements++;
        if (state.CooldownLeft > 0) (state.CooldownLeft, state.BadMeasurements) = (state.CooldownLeft - 1, 0);
        if (state.BadMeasurements > Patience)
            (state.Reductions, state.CooldownLeft, state.BadMeasurements) = (state.Reductions + 1, Cooldown, 0);
    }
}

/// <summary>What a reduce-on-plateau schedule remembers during a run (saved in checkpoints).</summary>
internal sealed class PlateauState
{
    public double Best { get; set; } = double.PositiveInfinity;
    public int BadMeasurements { get; set; }
    public int CooldownLeft { get; set; }
    public int Reductions { get; set; }
}
