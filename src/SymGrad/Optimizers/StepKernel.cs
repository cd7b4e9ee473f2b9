using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymGrad;

/// <summary>
/// Applies an <see cref="IUpdateRule"/> to θ all or nothing in two SIMD passes: a read-only pass computes every new
/// value and checks that θ and the state stay finite (and sums each block's squared gradient on the way); only then
/// a second pass recomputes and stores them and clears the gradient for the next minibatch. Two passes, not
/// the four (scale-add, check, copy, clear) of a step computed into a scratch buffer.
/// </summary>
internal static class StepKernel
{
    // Four vectors per iteration with their own accumulators (locals, so they stay in registers): the running checks
    // and sums then do not chain every vector to the last.
    private const int Unroll = 4;

    private interface IPass
    {
        static abstract bool Writes { get; }
    }

    private readonly struct CheckPass : IPass
    {
        public static bool Writes => false;
    }

    private readonly struct WritePass : IPass
    {
        public static bool Writes => true;
    }

    /// <summary>Checks, then applies, the step; on success counts it in <paramref name="state"/>.</summary>
    public static bool TryApply<TRule>(in TRule rule, ref StepInput input, OptimizerState state) where TRule : struct, IUpdateRule
    {
        if (!Pass<TRule, CheckPass>(rule, ref input, state)) return false;
        Pass<TRule, WritePass>(rule, ref input, state);
        state.Steps++;
        return true;
    }

    private static bool Pass<TRule, TPass>(in TRule rule, ref StepInput input, OptimizerState state)
        where TRule : struct, IUpdateRule where TPass : struct, IPass
    {
        bool norms = !TPass.Writes && !input.BlockSquares.IsEmpty;
        var finite = Vector<long>.AllBitsSet;
        Span<Vector<double>> padded = stackalloc Vector<double>[4];
        for (int s = 0; s < input.Segments.Length; s++)
        {
            var segment = input.Segments[s];
            var c = new Coefficients(input, segment);
            var lanes = Lanes.Of(input, state, segment, TRule.StateVectors);
            Vector<long> f0 = Vector<long>.AllBitsSet, f1 = f0, f2 = f0, f3 = f0;
            Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
            int full = lanes.Theta.Length, i = 0;
            for (; i + Unroll <= full; i += Unroll)
            {
                Element<TRule, TPass>(rule, lanes, i, c, norms, ref f0, ref s0);
                Element<TRule, TPass>(rule, lanes, i + 1, c, norms, ref f1, ref s1);
                Element<TRule, TPass>(rule, lanes, i + 2, c, norms, ref f2, ref s2);
                Element<TRule, TPass>(rule, lanes, i + 3, c, norms, ref f3, ref s3);
            }
            for (; i < full; i++) Element<TRule, TPass>(rule, lanes, i, c, norms, ref f0, ref s0);

            int done = full * Vector<double>.Count;
            if (done < segment.Length)
            {
                // The last few entries go through the same vector code, padded with zeros that stay zero.
                var tail = Lanes.Padded(padded, input, state, segment.Offset + done, segment.Length - done, TRule.StateVectors);
                Element<TRule, TPass>(rule, tail, 0, c, norms, ref f0, ref s0);
                if (TPass.Writes) Lanes.StorePadded(padded, input, state, segment.Offset + done, segment.Length - done);
            }
            finite &= f0 & f1 & f2 & f3;
            if (norms) input.BlockSquares[s] += Vector.Sum(s0 + s1 + s2 + s3);
        }
        return Vector.EqualsAll(finite, Vector<long>.AllBitsSet);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Element<TRule, TPass>(in TRule rule, scoped in Lanes lanes, int i, in Coefficients c, bool norms,
        ref Vector<long> finite, ref Vector<double> squares) where TRule : struct, IUpdateRule where TPass : struct, IPass
    {
        var theta = lanes.Theta[i];
        var raw = lanes.Gradient[i];
        if (norms) squares += raw * raw;
        var m = TRule.StateVectors >= 1 ? lanes.First[i] : default;
        var v = TRule.StateVectors >= 2 ? lanes.Second[i] : default;
        // Most steps have neither L2 nor decoupled decay: skip their products (the branches are the same for a whole block).
        var g = c.HasL2 ? raw * c.Scale + c.L2 * theta : raw * c.Scale;
        var updated = rule.Update(c.HasShrink ? theta * c.Shrink : theta, g, ref m, ref v);
        // x·0 is 0 for finite x and NaN for ±∞ or NaN.
        var zeroIfFinite = updated * Vector<double>.Zero;
        if (TRule.StateVectors >= 1) zeroIfFinite += m * Vector<double>.Zero;
        if (TRule.StateVectors >= 2) zeroIfFinite += v * Vector<double>.Zero;
        finite &= Vector.Equals(zeroIfFinite, Vector<double>.Zero);
        if (!TPass.Writes) return;
        lanes.Theta[i] = updated;
        lanes.Gradient[i] = Vector<double>.Zero;
        if (TRule.StateVectors >= 1) lanes.First[i] = m;
        if (TRule.StateVectors >= 2) lanes.Second[i] = v;
    }

    /// <summary>A segment's gradient scale, L2 λ and decoupled-decay factor, each in every lane.</summary>
    private readonly struct Coefficients(StepInput input, Segment segment)
    {
        public readonly Vector<double> Scale = new(input.GradientScale);
        public readonly Vector<double> L2 = new(segment.Decayed ? input.L2 : 0);
        public readonly Vector<double> Shrink = new(segment.Decayed ? input.Shrink : 1);
        public readonly bool HasL2 = segment.Decayed && input.L2 != 0;
        public readonly bool HasShrink = segment.Decayed && input.Shrink != 1;
    }

    /// <summary>θ, gradient and state of a range, viewed as <see cref="Vector{T}"/>s; unused state is empty.</summary>
    private readonly ref struct Lanes(Span<Vector<double>> theta, Span<Vector<double>> gradient, Span<Vector<double>> first, Span<Vector<double>> second)
    {
        public readonly Span<Vector<double>> Theta = theta, Gradient = gradient, First = first, Second = second;

        /// <summary>The whole vectors of a segment.</summary>
        public static Lanes Of(StepInput input, OptimizerState state, Segment segment, int stateVectors) => new(
            View(input.Theta, segment), View(input.Gradient, segment),
            stateVectors >= 1 ? View(state.First, segment) : default, stateVectors >= 2 ? View(state.Second, segment) : default);

        /// <summary>Copies the <paramref name="count"/> entries at <paramref name="offset"/> into zero-padded vectors in <paramref name="buffer"/>.</summary>
        public static Lanes Padded(Span<Vector<double>> buffer, StepInput input, OptimizerState state, int offset, int count, int stateVectors)
        {
            buffer.Clear();
            var values = MemoryMarshal.Cast<Vector<double>, double>(buffer);
            int width = Vector<double>.Count;
            input.Theta.Slice(offset, count).CopyTo(values);
            input.Gradient.Slice(offset, count).CopyTo(values[width..]);
            if (stateVectors >= 1) state.First.AsSpan(offset, count).CopyTo(values[(2 * width)..]);
            if (stateVectors >= 2) state.Second.AsSpan(offset, count).CopyTo(values[(3 * width)..]);
            return new(buffer[..1], buffer[1..2], stateVectors >= 1 ? buffer[2..3] : default, stateVectors >= 2 ? buffer[3..4] : default);
        }

        /// <summary>Copies what <see cref="Padded"/> loaded back, after the step wrote it.</summary>
        public static void StorePadded(Span<Vector<double>> buffer, StepInput input, OptimizerState state, int offset, int count)
        {
            var values = MemoryMarshal.Cast<Vector<double>, double>(buffer);
            int width = Vector<double>.Count;
            values[..count].CopyTo(input.Theta.Slice(offset, count));
            values.Slice(width, count).CopyTo(input.Gradient.Slice(offset, count));
            if (state.First.Length != 0) values.Slice(2 * width, count).CopyTo(state.First.AsSpan(offset, count));
            if (state.Second.Length != 0) values.Slice(3 * width, count).CopyTo(state.Second.AsSpan(offset, count));
        }

        private static Span<Vector<double>> View(Span<double> values, Segment segment) =>
            MemoryMarshal.Cast<double, Vector<double>>(values.Slice(segment.Offset, segment.Length));
    }
}
