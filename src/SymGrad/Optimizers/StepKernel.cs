using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SymGrad;

/// <summary>
/// Applies an <see cref="IUpdateRule"/> to θ all or nothing. Usually in two SIMD passes: a guard pass reads only the
/// gradient (each block's Σg² for the gradient norms, whose total's root ‖g‖ bounds every |gᵢ|); when that and bounds on
/// the sizes of θ and the state prove every new value finite (<see cref="IUpdateRule.Bounded"/>), a single pass computes
/// and stores them and clears the gradient, and the bounds that proved it become the next step's. Otherwise (the first
/// step of an epoch, or values near overflow) a read-only check pass computes every new value and checks it first, and
/// the sizes are measured afresh after the write.
/// </summary>
internal static class StepKernel
{
    // Four vectors per iteration with their own accumulators (locals, so they stay in registers): the running checks
    // and sums then do not chain every vector to the last.
    private const int Unroll = 4;

    /// <summary>Checks, then applies, the step; on success counts it in <paramref name="state"/>.</summary>
    public static bool TryApply<TRule>(in TRule rule, ref StepInput input, OptimizerState state) where TRule : struct, IUpdateRule
    {
        if (input.Split is { } split) return split.TryApply(rule, ref input, state);
        bool normsDone = false;
        if (state.MaximaKnown)
        {
            double gradientNorm = Guard(ref input);
            normsDone = true;
            double first = state.FirstMax, second = state.SecondMax;
            if (rule.Bounded(ThetaBound(input, state.ThetaMax), EffectiveBound(input, state.ThetaMax, gradientNorm), ref first, ref second, out double theta))
            {
                Write(rule, ref input, state);
                // The bounds that proved this step finite bound its results: the next step starts from them.
                (state.ThetaMax, state.FirstMax, state.SecondMax) = (theta, first, second);
                return true;
            }
        }
        if (!Check(rule, ref input, state, norms: !normsDone && !input.BlockSquares.IsEmpty)) return false;
        Write(rule, ref input, state);
        // Measured sizes, once per epoch or after a step near overflow: three reads, rarely.
        (state.ThetaMax, state.FirstMax, state.SecondMax) = (LargestMagnitude(input.Theta), LargestMagnitude(state.First), LargestMagnitude(state.Second));
        state.MaximaKnown = true;
        return true;
    }

    internal static double LargestMagnitude(ReadOnlySpan<double> values) => values.IsEmpty ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(values));

    /// <summary>A bound on |θ| after decoupled decay.</summary>
    internal static double ThetaBound(in StepInput input, double thetaMax) => Math.Max(1, Math.Abs(input.Shrink)) * thetaMax;

    /// <summary>A bound on the effective gradient's entries, scale·‖g‖ + λ·|θ|; NaN or ∞ when the gradient holds a NaN or ∞.</summary>
    internal static double EffectiveBound(in StepInput input, double thetaMax, double gradientNorm) =>
        input.GradientScale * gradientNorm + input.L2 * thetaMax;

    /// <summary>
    /// The guard pass: a bound on every |gᵢ|, the gradient's norm √Σg² (NaN or ∞ when an entry is NaN or ∞, or the squares
    /// overflow: then <see cref="IUpdateRule.Bounded"/> is false), adding each block's Σg² when asked. The norm needs only the
    /// sums of squares the gradient norms need anyway, so the pass does one product and one add per vector. Its rounding
    /// may leave it below the largest |gᵢ| by a relative n·2⁻⁵³, which the bounds' margin of 10⁸ covers.
    /// </summary>
    internal static double Guard(ref StepInput input)
    {
        bool norms = !input.BlockSquares.IsEmpty;
        double total = 0;
        for (int s = 0; s < input.Segments.Length; s++)
        {
            var segment = input.Segments[s];
            var values = input.Gradient.Slice(segment.Offset, segment.Length);
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
            int i = 0;
            for (; i + Unroll <= vectors.Length; i += Unroll)
            {
                s0 += vectors[i] * vectors[i];
                s1 += vectors[i + 1] * vectors[i + 1];
                s2 += vectors[i + 2] * vectors[i + 2];
                s3 += vectors[i + 3] * vectors[i + 3];
            }
            for (; i < vectors.Length; i++) s0 += vectors[i] * vectors[i];
            int done = vectors.Length * Vector<double>.Count;
            if (done < values.Length)
            {
                // The last few entries as one zero-padded vector, summed as the check pass sums them.
                var last = PaddedVector(values[done..]);
                s0 += last * last;
            }
            double blockSquares = Vector.Sum(s0 + s1 + s2 + s3);
            total += blockSquares;
            if (norms) input.BlockSquares[s] += blockSquares;
        }
        return Math.Sqrt(total);
    }

    /// <summary>Up to a vector's worth of entries, zero-padded; out of line, so the passes that rarely need it keep no stack buffer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector<double> PaddedVector(ReadOnlySpan<double> values)
    {
        Span<double> lanes = stackalloc double[Vector<double>.Count];
        lanes.Clear();
        values.CopyTo(lanes);
        return new Vector<double>(lanes);
    }

    /// <summary>The check pass: computes every new value without storing it; true if all are finite.</summary>
    internal static bool Check<TRule>(in TRule rule, ref StepInput input, OptimizerState state, bool norms) where TRule : struct, IUpdateRule
    {
        var finite = Vector<long>.AllBitsSet;
        Span<Vector<double>> padded = stackalloc Vector<double>[4];
        for (int s = 0; s < input.Segments.Length; s++)
        {
            var segment = input.Segments[s];
            var c = new Coefficients(input, segment);
            var lanes = StepLanes.Of(input, state, segment, TRule.StateVectors);
            Vector<long> f0 = Vector<long>.AllBitsSet, f1 = f0, f2 = f0, f3 = f0;
            Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
            int full = lanes.Theta.Length, i = 0;
            for (; i + Unroll <= full; i += Unroll)
            {
                CheckElement(rule, lanes, i, c, norms, ref f0, ref s0);
                CheckElement(rule, lanes, i + 1, c, norms, ref f1, ref s1);
                CheckElement(rule, lanes, i + 2, c, norms, ref f2, ref s2);
                CheckElement(rule, lanes, i + 3, c, norms, ref f3, ref s3);
            }
            for (; i < full; i++) CheckElement(rule, lanes, i, c, norms, ref f0, ref s0);

            int done = full * Vector<double>.Count;
            if (done < segment.Length)
            {
                // The last few entries go through the same vector code, padded with zeros that stay zero.
                var tail = StepLanes.Padded(padded, input, state, segment.Offset + done, segment.Length - done, TRule.StateVectors);
                CheckElement(rule, tail, 0, c, norms, ref f0, ref s0);
            }
            finite &= f0 & f1 & f2 & f3;
            if (norms) input.BlockSquares[s] += Vector.Sum(s0 + s1 + s2 + s3);
        }
        return Vector.EqualsAll(finite, Vector<long>.AllBitsSet);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckElement<TRule>(in TRule rule, scoped in StepLanes lanes, int i, in Coefficients c, bool norms,
        ref Vector<long> finite, ref Vector<double> squares) where TRule : struct, IUpdateRule
    {
        var theta = lanes.Theta[i];
        var raw = lanes.Gradient[i];
        if (norms) squares += raw * raw;
        var m = TRule.StateVectors >= 1 ? lanes.First[i] : default;
        var v = TRule.StateVectors >= 2 ? lanes.Second[i] : default;
        var updated = rule.Update(c.Decay(theta), c.Effective(raw, theta), ref m, ref v);
        // x·0 is 0 for finite x and NaN for ±∞ or NaN.
        var zeroIfFinite = updated * Vector<double>.Zero;
        if (TRule.StateVectors >= 1) zeroIfFinite += m * Vector<double>.Zero;
        if (TRule.StateVectors >= 2) zeroIfFinite += v * Vector<double>.Zero;
        finite &= Vector.Equals(zeroIfFinite, Vector<double>.Zero);
    }

    /// <summary>The write pass: stores every new value, clears the gradient and counts the step.</summary>
    private static void Write<TRule>(in TRule rule, ref StepInput input, OptimizerState state) where TRule : struct, IUpdateRule
    {
        WriteValues(rule, input, state);
        state.Steps++;
    }

    /// <summary>The write pass without counting the step: stores every new value of the segments and clears their gradient.</summary>
    internal static void WriteValues<TRule>(in TRule rule, in StepInput input, OptimizerState state) where TRule : struct, IUpdateRule
    {
        for (int s = 0; s < input.Segments.Length;)
        {
            // Consecutive blocks that the step treats alike are one range: fewer loop set-ups and partial vectors, which
            // is most of a small model's step.
            var segment = Run(input, ref s);
            var c = new Coefficients(input, segment);
            if (!c.IsPlain)
                WriteRange(rule, c, input, state, segment);
            else if (typeof(TRule) == typeof(PlainRule) && segment.Length >= WideLength && Vector512.IsHardwareAccelerated)
                PlainWide(input.Theta.Slice(segment.Offset, segment.Length), input.Gradient.Slice(segment.Offset, segment.Length),
                    Unsafe.As<TRule, PlainRule>(ref Unsafe.AsRef(in rule)).Eta, input.GradientScale);
            else
                // Neither L2 nor decay (the usual step): a loop of its own, with no per-vector test for them.
                WriteRange(rule, new Scaled(input.GradientScale), input, state, segment);
        }
    }

    /// <summary>Writes one range of like blocks, whole vectors here and the last few entries out of line.</summary>
    private static void WriteRange<TRule, TCoefficients>(in TRule rule, in TCoefficients c, in StepInput input, OptimizerState state, Segment segment)
        where TRule : struct, IUpdateRule where TCoefficients : struct, ICoefficients
    {
        var lanes = StepLanes.Of(input, state, segment, TRule.StateVectors);
        int full = lanes.Theta.Length, i = 0;
        for (; i + Unroll <= full; i += Unroll)
        {
            WriteElement(rule, lanes, i, c);
            WriteElement(rule, lanes, i + 1, c);
            WriteElement(rule, lanes, i + 2, c);
            WriteElement(rule, lanes, i + 3, c);
        }
        for (; i < full; i++) WriteElement(rule, lanes, i, c);
        int done = full * Vector<double>.Count;
        if (done < segment.Length) WriteTail(rule, c, input, state, segment.Offset + done, segment.Length - done);
    }

    /// <summary>The last entries of a range, fewer than a vector, through the same vector code padded with zeros.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WriteTail<TRule, TCoefficients>(in TRule rule, in TCoefficients c, in StepInput input, OptimizerState state, int offset, int count)
        where TRule : struct, IUpdateRule where TCoefficients : struct, ICoefficients
    {
        Span<Vector<double>> padded = stackalloc Vector<double>[4];
        var tail = StepLanes.Padded(padded, input, state, offset, count, TRule.StateVectors);
        WriteElement(rule, tail, 0, c);
        StepLanes.StorePadded(padded, input, state, offset, count);
    }

    /// <summary>The shortest range <see cref="PlainWide"/> takes: below it the general loop's set-up is as cheap.</summary>
    private const int WideLength = 256;

    /// <summary>
    /// θ ← θ − η·(g·s) and g ← 0 in 512-bit vectors: plain SGD's write with neither L2 nor decay, the operations of
    /// <see cref="WriteElement"/> lane for lane (so the same bits), with half its loads and stores where the hardware has
    /// them (a step of the mnist-shaped model is most of what training adds at batch 64).
    /// </summary>
    private static void PlainWide(Span<double> theta, Span<double> gradient, double eta, double scale)
    {
        var t = MemoryMarshal.Cast<double, Vector512<double>>(theta);
        var g = MemoryMarshal.Cast<double, Vector512<double>>(gradient)[..t.Length];
        Vector512<double> vEta = Vector512.Create(eta), vScale = Vector512.Create(scale);
        for (int k = 0; k < t.Length; k++)
        {
            t[k] -= vEta * (g[k] * vScale);
            g[k] = Vector512<double>.Zero;
        }
        for (int j = t.Length * Vector512<double>.Count; j < theta.Length; j++)
        {
            theta[j] -= eta * (gradient[j] * scale);
            gradient[j] = 0;
        }
    }

    /// <summary>
    /// The longest run of adjacent blocks from <paramref name="s"/> on that the write treats alike (all of θ when neither L2
    /// nor decoupled decay is on), as one range; advances <paramref name="s"/> past it. Blocks with a gap between them (a
    /// rank-1 step leaves its factored blocks out, <see cref="RankOneSteps"/>) are separate ranges.
    /// </summary>
    private static Segment Run(in StepInput input, ref int s)
    {
        var segments = input.Segments;
        var first = segments[s];
        bool uniform = input.L2 == 0 && input.Shrink == 1;
        int end = first.Offset + first.Length;
        for (s++; s < segments.Length && segments[s].Offset == end && (uniform || segments[s].Decayed == first.Decayed); s++)
            end = segments[s].Offset + segments[s].Length;
        return first with { Length = end - first.Offset };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteElement<TRule, TCoefficients>(in TRule rule, scoped in StepLanes lanes, int i, in TCoefficients c)
        where TRule : struct, IUpdateRule where TCoefficients : struct, ICoefficients
    {
        var theta = lanes.Theta[i];
        var m = TRule.StateVectors >= 1 ? lanes.First[i] : default;
        var v = TRule.StateVectors >= 2 ? lanes.Second[i] : default;
        lanes.Theta[i] = rule.Update(c.Decay(theta), c.Effective(lanes.Gradient[i], theta), ref m, ref v);
        lanes.Gradient[i] = Vector<double>.Zero;
        if (TRule.StateVectors >= 1) lanes.First[i] = m;
        if (TRule.StateVectors >= 2) lanes.Second[i] = v;
    }

    /// <summary>How a range turns the summed gradient into the effective one, and decays θ.</summary>
    private interface ICoefficients
    {
        /// <summary>The effective gradient from the summed one and θ.</summary>
        Vector<double> Effective(Vector<double> raw, Vector<double> theta);

        /// <summary>θ after decoupled weight decay.</summary>
        Vector<double> Decay(Vector<double> theta);
    }

    /// <summary>The gradient scale alone, for ranges with neither L2 nor decay: the operations <see cref="Coefficients"/> does for them.</summary>
    private readonly struct Scaled(double scale) : ICoefficients
    {
        private readonly Vector<double> _scale = new(scale);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<double> Effective(Vector<double> raw, Vector<double> theta) => raw * _scale;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<double> Decay(Vector<double> theta) => theta;
    }

    /// <summary>A segment's gradient scale, L2 λ and decoupled-decay factor, each in every lane.</summary>
    [method: MethodImpl(MethodImplOptions.AggressiveInlining)] // a call per block showed in profiles of small models
    private readonly struct Coefficients(in StepInput input, Segment segment) : ICoefficients
    {
        private readonly Vector<double> _scale = new(input.GradientScale);
        private readonly Vector<double> _l2 = new(segment.Decayed ? input.L2 : 0);
        private readonly Vector<double> _shrink = new(segment.Decayed ? input.Shrink : 1);
        private readonly bool _hasL2 = segment.Decayed && input.L2 != 0;
        private readonly bool _hasShrink = segment.Decayed && input.Shrink != 1;

        /// <summary>Whether the segment has neither L2 nor decoupled decay.</summary>
        public bool IsPlain => !_hasL2 && !_hasShrink;

        /// <summary>The effective gradient scale·g + λ·θ. Most steps have no L2: skip its product (the branch is the same for a whole block).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<double> Effective(Vector<double> raw, Vector<double> theta) => _hasL2 ? raw * _scale + _l2 * theta : raw * _scale;

        /// <summary>θ after decoupled weight decay.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<double> Decay(Vector<double> theta) => _hasShrink ? theta * _shrink : theta;
    }

    /// <summary>θ, gradient and state of a range, viewed as <see cref="Vector{T}"/>s; unused state is empty.</summary>
    private readonly ref struct StepLanes(Span<Vector<double>> theta, Span<Vector<double>> gradient, Span<Vector<double>> first, Span<Vector<double>> second)
    {
        public readonly Span<Vector<double>> Theta = theta, Gradient = gradient, First = first, Second = second;

        /// <summary>The whole vectors of a segment.</summary>
        public static StepLanes Of(in StepInput input, OptimizerState state, Segment segment, int stateVectors) => new(
            View(input.Theta, segment), View(input.Gradient, segment),
            stateVectors >= 1 ? View(state.First, segment) : default, stateVectors >= 2 ? View(state.Second, segment) : default);

        /// <summary>Copies the <paramref name="count"/> entries at <paramref name="offset"/> into zero-padded vectors in <paramref name="buffer"/>.</summary>
        public static StepLanes Padded(Span<Vector<double>> buffer, in StepInput input, OptimizerState state, int offset, int count, int stateVectors)
        {
            // Fewer entries than a vector: element loops, not a clear and four memory copies per partial vector.
            var values = MemoryMarshal.Cast<Vector<double>, double>(buffer);
            int width = Vector<double>.Count;
            Load(input.Theta, offset, count, values[..width]);
            Load(input.Gradient, offset, count, values.Slice(width, width));
            if (stateVectors >= 1) Load(state.First, offset, count, values.Slice(2 * width, width));
            if (stateVectors >= 2) Load(state.Second, offset, count, values.Slice(3 * width, width));
            return new(buffer[..1], buffer[1..2], stateVectors >= 1 ? buffer[2..3] : default, stateVectors >= 2 ? buffer[3..4] : default);
        }

        /// <summary>Copies what <see cref="Padded"/> loaded back, after the step wrote it.</summary>
        public static void StorePadded(Span<Vector<double>> buffer, in StepInput input, OptimizerState state, int offset, int count)
        {
            var values = MemoryMarshal.Cast<Vector<double>, double>(buffer);
            int width = Vector<double>.Count;
            Store(values, input.Theta, offset, count);
            Store(values[width..], input.Gradient, offset, count);
            if (state.First.Length != 0) Store(values[(2 * width)..], state.First, offset, count);
            if (state.Second.Length != 0) Store(values[(3 * width)..], state.Second, offset, count);
        }

        private static void Load(ReadOnlySpan<double> from, int offset, int count, Span<double> lanes)
        {
            for (int k = 0; k < count; k++) lanes[k] = from[offset + k];
            for (int k = count; k < lanes.Length; k++) lanes[k] = 0;
        }

        private static void Store(ReadOnlySpan<double> lanes, Span<double> to, int offset, int count)
        {
            for (int k = 0; k < count; k++) to[offset + k] = lanes[k];
        }

        private static Span<Vector<double>> View(Span<double> values, Segment segment) =>
            MemoryMarshal.Cast<double, Vector<double>>(values.Slice(segment.Offset, segment.Length));
    }
}
