using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymGrad;

/// <summary>
/// The step for a small θ: one pass instead of the guard and the write. At the two moons' 64 parameters the guarded step's
/// fixed costs (a pass per block to bound |g|, the bounds, a second pass, the set-up of each) were most of what training
/// added to the gradient; here each entry is read once: the old θ and state are saved in <see cref="OptimizerState.Backup"/>,
/// the new values computed, checked and stored, each block's Σg² summed and the gradient cleared. All or nothing still: if
/// any new value is not finite, the saved values are copied back before the step returns false.
/// </summary>
internal static partial class StepKernel
{
    /// <summary>
    /// The largest θ a run steps with <see cref="TryApplyFused"/>: saving θ costs a store per entry, so the pass pays where
    /// the guarded step's fixed costs per block are most of a step. Below <see cref="RankOneSteps.MinFactoredEntries"/>,
    /// so a run never has both (the rank-1 step relies on the bounds the guarded step keeps).
    /// </summary>
    public const int FusedMaxLength = 512;

    /// <summary>
    /// One pass: saves θ and the state, stores the new values (the operations of <see cref="WriteElement"/>, so the same
    /// bits), adds each block's Σg² in the guard's order (the same bits) and clears the gradient; restores the saved values
    /// and returns false if any new value is not finite. The gradient is then cleared too: a failed step ends training.
    /// </summary>
    private static bool TryApplyFused<TRule>(in TRule rule, ref StepInput input, OptimizerState state) where TRule : struct, IUpdateRule
    {
        // Neither L2 nor decay (the usual step): a pass with no per-vector tests for them, as the write pass has; and at
        // batch 1 without clipping, no product by the scale either (g·1 is g, bit for bit).
        bool plain = input.L2 == 0 && input.Shrink == 1;
        var zeroIfFinite = plain && input.GradientScale == 1 ? FusedPass<TRule, Unscaled>(rule, input, state)
            : plain ? FusedPass<TRule, Scaled>(rule, input, state) : FusedPass<TRule, Coefficients>(rule, input, state);
        if (!Vector.EqualsAll(zeroIfFinite, Vector<double>.Zero))
        {
            Restore(input, state);
            return false;
        }
        state.Steps++;
        return true;
    }

    /// <summary>
    /// The pass over every block; returns the new values times 0, summed: x·0 is 0 for finite x and NaN for ±∞ or NaN,
    /// and a NaN survives the sums, so one test covers the step. A method of its own, with the blocks' tails stepped before
    /// their loops, so that no call comes between a loop and its sums' last use and the sums stay in registers; entries
    /// are reached by reference, so the loop body is the arithmetic and its loads and stores (a moons step is 16 vectors).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector<double> FusedPass<TRule, TCoefficients>(TRule rule, in StepInput input, OptimizerState state)
        where TRule : struct, IUpdateRule where TCoefficients : struct, ICoefficients
    {
        var at = new FusedRefs(input, state);
        // The pass's references are unchecked: the gradient, state and backup must be θ-sized, and each block inside θ.
        if (input.Gradient.Length != at.Length || state.Backup.Length != at.Length * (1 + state.Vectors) || state.Vectors < TRule.StateVectors)
            throw new ArgumentException("The gradient, the optimizer's state and its backup must fit θ.", nameof(input));
        int width = Vector<double>.Count;
        bool norms = !input.BlockSquares.IsEmpty;
        var allZeroIfFinite = Vector<double>.Zero;
        for (int s = 0; s < input.Segments.Length; s++)
        {
            var segment = input.Segments[s];
            if ((uint)segment.Offset > (uint)at.Length || (uint)segment.Length > (uint)(at.Length - segment.Offset))
                throw new ArgumentOutOfRangeException(nameof(input), "A block lies outside θ.");
            var c = typeof(TCoefficients) == typeof(Unscaled) ? default
                : typeof(TCoefficients) == typeof(Scaled) ? (TCoefficients)(object)new Scaled(input.GradientScale)
                : (TCoefficients)(object)new Coefficients(input, segment);
            int k = segment.Offset, wholeEnd = k + segment.Length / width * width, end = k + segment.Length;
            var (tailSquares, zeroIfFinite) = wholeEnd < end ? FusedTail(rule, c, input, state, wholeEnd, end - wholeEnd) : default;
            // The guard's four accumulators, filled in its order and the tail's squares last, so Σg² has its bits.
            Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; k + Unroll * width <= wholeEnd; k += Unroll * width)
            {
                FusedElement(rule, c, at, k, ref s0, ref zeroIfFinite);
                FusedElement(rule, c, at, k + width, ref s1, ref zeroIfFinite);
                FusedElement(rule, c, at, k + 2 * width, ref s2, ref zeroIfFinite);
                FusedElement(rule, c, at, k + 3 * width, ref s3, ref zeroIfFinite);
            }
            for (; k < wholeEnd; k += width) FusedElement(rule, c, at, k, ref s0, ref zeroIfFinite);
            s0 += tailSquares;
            if (norms) input.BlockSquares[s] += Vector.Sum(s0 + s1 + s2 + s3);
            allZeroIfFinite += zeroIfFinite;
        }
        return allZeroIfFinite;
    }

    /// <summary>Saves, steps and stores the vector of entries from <paramref name="k"/> on, adding g² and the new values times 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FusedElement<TRule, TCoefficients>(in TRule rule, in TCoefficients c, scoped in FusedRefs at, int k,
        ref Vector<double> squares, ref Vector<double> zeroIfFinite) where TRule : struct, IUpdateRule where TCoefficients : struct, ICoefficients
    {
        ref var theta = ref At(ref at.Theta, k);
        ref var gradient = ref At(ref at.Gradient, k);
        var oldTheta = theta;
        var raw = gradient;
        squares += raw * raw;
        At(ref at.Saved, k) = oldTheta;
        var m = TRule.StateVectors >= 1 ? At(ref at.Saved, at.Length + k) = At(ref at.First, k) : default;
        var v = TRule.StateVectors >= 2 ? At(ref at.Saved, 2 * at.Length + k) = At(ref at.Second, k) : default;
        var updated = rule.Update(c.Decay(oldTheta), c.Effective(raw, oldTheta), ref m, ref v);
        zeroIfFinite += updated * Vector<double>.Zero;
        if (TRule.StateVectors >= 1) zeroIfFinite += m * Vector<double>.Zero;
        if (TRule.StateVectors >= 2) zeroIfFinite += v * Vector<double>.Zero;
        theta = updated;
        gradient = Vector<double>.Zero;
        if (TRule.StateVectors >= 1) At(ref at.First, k) = m;
        if (TRule.StateVectors >= 2) At(ref at.Second, k) = v;
    }

    /// <summary>The vector of entries from <paramref name="k"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref Vector<double> At(ref double values, int k) => ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref values, k));

    /// <summary>
    /// A block's last entries, fewer than a vector: saved, then stepped through the same vector code padded with zeros, as
    /// the check and write passes step them; returns their squares and their new values times 0. The rule and coefficients
    /// come by value: a reference to them would keep the pass's copies in memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Vector<double> Squares, Vector<double> ZeroIfFinite) FusedTail<TRule, TCoefficients>(TRule rule, TCoefficients c,
        in StepInput input, OptimizerState state, int offset, int count) where TRule : struct, IUpdateRule where TCoefficients : struct, ICoefficients
    {
        int length = input.Theta.Length;
        var saved = state.Backup.AsSpan();
        input.Theta.Slice(offset, count).CopyTo(saved.Slice(offset, count));
        if (TRule.StateVectors >= 1) state.First.AsSpan(offset, count).CopyTo(saved.Slice(length + offset, count));
        if (TRule.StateVectors >= 2) state.Second.AsSpan(offset, count).CopyTo(saved.Slice(2 * length + offset, count));
        Span<Vector<double>> padded = stackalloc Vector<double>[4];
        var tail = StepLanes.Padded(padded, input, state, offset, count, TRule.StateVectors);
        var m = TRule.StateVectors >= 1 ? tail.First[0] : default;
        var v = TRule.StateVectors >= 2 ? tail.Second[0] : default;
        var raw = tail.Gradient[0];
        var updated = rule.Update(c.Decay(tail.Theta[0]), c.Effective(raw, tail.Theta[0]), ref m, ref v);
        var zeroIfFinite = updated * Vector<double>.Zero + m * Vector<double>.Zero + v * Vector<double>.Zero;
        (tail.Theta[0], tail.Gradient[0]) = (updated, Vector<double>.Zero);
        if (TRule.StateVectors >= 1) tail.First[0] = m;
        if (TRule.StateVectors >= 2) tail.Second[0] = v;
        StepLanes.StorePadded(padded, input, state, offset, count);
        return (raw * raw, zeroIfFinite);
    }

    /// <summary>The effective gradient of a step with a scale of 1 and neither L2 nor decay: the summed gradient itself.</summary>
    private readonly struct Unscaled : ICoefficients
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<double> Effective(Vector<double> raw, Vector<double> theta) => raw;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<double> Decay(Vector<double> theta) => theta;
    }

    /// <summary>Copies the values the pass saved for every block back into θ and the state.</summary>
    private static void Restore(in StepInput input, OptimizerState state)
    {
        int length = input.Theta.Length;
        var saved = state.Backup.AsSpan();
        foreach (var segment in input.Segments)
        {
            saved.Slice(segment.Offset, segment.Length).CopyTo(input.Theta.Slice(segment.Offset, segment.Length));
            if (state.First.Length != 0) saved.Slice(length + segment.Offset, segment.Length).CopyTo(state.First.AsSpan(segment.Offset, segment.Length));
            if (state.Second.Length != 0) saved.Slice(2 * length + segment.Offset, segment.Length).CopyTo(state.Second.AsSpan(segment.Offset, segment.Length));
        }
    }

    /// <summary>
    /// Where the pass reads and writes: θ, the gradient, the state vectors and <see cref="OptimizerState.Backup"/> (θ's saved
    /// values, then each state vector's, each θ-sized); unused state vectors are not read.
    /// </summary>
    private readonly ref struct FusedRefs(in StepInput input, OptimizerState state)
    {
        public readonly ref double Theta = ref MemoryMarshal.GetReference(input.Theta);
        public readonly ref double Gradient = ref MemoryMarshal.GetReference(input.Gradient);
        public readonly ref double First = ref MemoryMarshal.GetArrayDataReference(state.First);
        public readonly ref double Second = ref MemoryMarshal.GetArrayDataReference(state.Second);
        public readonly ref double Saved = ref MemoryMarshal.GetArrayDataReference(state.Backup);
        public readonly int Length = input.Theta.Length;
    }
}
