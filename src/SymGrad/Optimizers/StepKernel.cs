using System.Numerics;
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
    public static bool TryApply<TRule>(TRule rule, ref StepInput input, OptimizerState state) where TRule : struct, IUpdateRule
    {
        if (!Pass<TRule, CheckPass>(rule, ref input, state)) return false;
        Pass<TRule, WritePass>(rule, ref input, state);
        state.Steps++;
        return true;
    }

    private static bool Pass<TRule, TPass>(TRule rule, ref StepInput input, OptimizerState state)
        where TRule : struct, IUpdateRule where TPass : struct, IPass
    {
        // Any lane that is ±∞ or NaN turns x·0 into NaN, so one running sum tells whether everything stayed finite.
        var finite = Vector<double>.Zero;
        bool norms = !TPass.Writes && !input.BlockSquares.IsEmpty;
        for (int s = 0; s < input.Segments.Length; s++)
        {
            var segment = input.Segments[s];
            var lanes = new Lanes(input, state, segment);
            var scale = new Vector<double>(input.GradientScale);
            var l2 = new Vector<double>(segment.Decayed ? input.L2 : 0);
            var shrink = new Vector<double>(segment.Decayed ? input.Shrink : 1);
            var squares = Vector<double>.Zero;
            int full = lanes.Theta.Length;
            for (int i = 0; i < full; i++)
            {
                var g = lanes.Gradient[i];
                if (norms) squares += g * g;
                Element<TRule, TPass>(rule, ref lanes.Theta[i], ref lanes.Gradient[i], ref lanes.First(i), ref lanes.Second(i),
                    scale, l2, shrink, ref finite);
            }
            int done = full * Vector<double>.Count;
            if (done < segment.Length)
            {
                // The last few entries go through the same vector code, padded with zeros that stay zero.
                var tail = new Tail(input, state, segment.Offset + done, segment.Length - done);
                if (norms) squares += tail.Gradient * tail.Gradient;
                Element<TRule, TPass>(rule, ref tail.Theta, ref tail.Gradient, ref tail.First, ref tail.Second, scale, l2, shrink, ref finite);
                if (TPass.Writes) tail.Store(input, state);
            }
            if (norms) input.BlockSquares[s] += Vector.Sum(squares);
        }
        return Vector.EqualsAll(finite, Vector<double>.Zero);
    }

    private static void Element<TRule, TPass>(TRule rule, ref Vector<double> theta, ref Vector<double> gradient,
        ref Vector<double> first, ref Vector<double> second, Vector<double> scale, Vector<double> l2, Vector<double> shrink,
        ref Vector<double> finite) where TRule : struct, IUpdateRule where TPass : struct, IPass
    {
        var g = gradient * scale + l2 * theta;
        var (m, v) = (first, second);
        var updated = rule.Update(theta * shrink, g, ref m, ref v);
        finite += updated * Vector<double>.Zero;
        if (TRule.StateVectors >= 1) finite += m * Vector<double>.Zero;
        if (TRule.StateVectors >= 2) finite += v * Vector<double>.Zero;
        if (!TPass.Writes) return;
        theta = updated;
        gradient = Vector<double>.Zero;
        if (TRule.StateVectors >= 1) first = m;
        if (TRule.StateVectors >= 2) second = v;
    }

    /// <summary>A segment's whole vectors of θ, gradient and state, viewed as <see cref="Vector{T}"/>s.</summary>
    private ref struct Lanes
    {
        public Span<Vector<double>> Theta, Gradient;
        private Span<Vector<double>> _first, _second;
        // What a rule without that state is handed; never written, as such rules never store state.
        private static Vector<double> s_unused;

        public Lanes(StepInput input, OptimizerState state, Segment segment)
        {
            Theta = View(input.Theta, segment);
            Gradient = View(input.Gradient, segment);
            _first = state.First.Length == 0 ? default : View(state.First, segment);
            _second = state.Second.Length == 0 ? default : View(state.Second, segment);
        }

        public ref Vector<double> First(int i) => ref _first.IsEmpty ? ref s_unused : ref _first[i];

        public ref Vector<double> Second(int i) => ref _second.IsEmpty ? ref s_unused : ref _second[i];

        private static Span<Vector<double>> View(Span<double> values, Segment segment) =>
            MemoryMarshal.Cast<double, Vector<double>>(values.Slice(segment.Offset, segment.Length));
    }

    /// <summary>The fewer than <see cref="Vector{T}.Count"/> entries at the end of a segment, zero-padded.</summary>
    private struct Tail
    {
        public Vector<double> Theta, Gradient, First, Second;
        private readonly int _offset, _count;

        public Tail(StepInput input, OptimizerState state, int offset, int count)
        {
            (_offset, _count) = (offset, count);
            Theta = Load(input.Theta);
            Gradient = Load(input.Gradient);
            First = state.First.Length == 0 ? default : Load(state.First);
            Second = state.Second.Length == 0 ? default : Load(state.Second);
        }

        public readonly void Store(StepInput input, OptimizerState state)
        {
            Save(Theta, input.Theta);
            Save(Gradient, input.Gradient);
            if (state.First.Length != 0) Save(First, state.First);
            if (state.Second.Length != 0) Save(Second, state.Second);
        }

        private readonly Vector<double> Load(ReadOnlySpan<double> values)
        {
            Span<double> padded = stackalloc double[Vector<double>.Count];
            padded.Clear();
            values.Slice(_offset, _count).CopyTo(padded);
            return new Vector<double>(padded);
        }

        private readonly void Save(Vector<double> lanes, Span<double> values)
        {
            Span<double> padded = stackalloc double[Vector<double>.Count];
            lanes.CopyTo(padded);
            padded[.._count].CopyTo(values.Slice(_offset, _count));
        }
    }
}
