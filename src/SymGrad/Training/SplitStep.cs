using System.Runtime.ExceptionServices;

namespace SymGrad;

/// <summary>
/// A minibatch's gradient, reduction and optimizer step in one round of the run's threads, the reduction and the step
/// split by ranges of θ: each thread sums its chunks' gradients; once all have (a barrier), each adds the chunks of its
/// own range of θ and computes that range's guard sums per block (or, on an epoch's first step, checks every new value
/// of it); the training thread then makes one all-or-nothing decision for the whole step, and each thread writes its
/// range of θ and the state and clears its range of the gradient. Each thread so moves half of θ's and the gradient's
/// cache lines between the cores, both at once, where a step on the training thread alone moved them all
/// (docs/benchmarks.md, "Two-thread training: the step split over the threads").
/// </summary>
/// <remarks>
/// Every new value of θ and the state is computed by the same operations as <see cref="StepKernel"/> on one thread, so θ
/// has the same bits at any degree of parallelism. What differs is the order of the per-block sums of squares: each
/// thread sums its part of a block and the parts are added in thread order, so the gradient norms of the epoch reports
/// are deterministic for a given number of threads but may differ from one thread's in the last bits. Gradient clipping,
/// whose factor depends on those sums, stays on the training thread's step (<see cref="TrainingRun"/>).
/// </remarks>
internal sealed class SplitStep
{
    /// <summary>Range boundaries fall on multiples of this many entries: whole cache lines, whole unrolled vector loops.</summary>
    private const int Granule = 64;

    private readonly MinibatchGradients _minibatches;
    private readonly IParameterized _model;
    private readonly AlignedBuffer<double> _gradient;
    private readonly Part[] _parts;
    private readonly double[] _blockSquares;
    private object? _round; // the Round<TRule> of the run's update rule, made at its first step

    // The step of the current round, set by the training thread before it starts the round.
    private double _scale, _l2, _eta, _shrink;
    private OptimizerState _state = null!;
    private bool _checking; // no bounds known (an epoch's first step): check every new value before writing
    private bool _measure;  // measure θ's and the state's sizes after writing (a checked step)
    private double _thetaMax, _firstMax, _secondMax; // the bounds a guarded step proved

    // The round's barrier, and what the training thread decided at it.
    private int _arrived, _generation;
    private volatile bool _failed;
    private Verdict _verdict;

    /// <param name="minibatches">The run's gradients, with at least two threads.</param>
    /// <param name="model">The model whose θ is stepped.</param>
    /// <param name="gradient">The run's gradient buffer: chunk 0's sum, where the chunks are reduced.</param>
    /// <param name="segments">θ's blocks, in order.</param>
    public SplitStep(MinibatchGradients minibatches, IParameterized model, AlignedBuffer<double> gradient, Segment[] segments)
    {
        (_minibatches, _model, _gradient) = (minibatches, model, gradient);
        int threads = minibatches.MaxThreads, length = model.ParameterCount;
        _parts = new Part[threads];
        for (int t = 0; t < threads; t++)
        {
            int start = Boundary(t, threads, length), end = Boundary(t + 1, threads, length);
            _parts[t] = new Part(start, end - start, segments);
        }
        _blockSquares = new double[segments.Length];
    }

    /// <summary>Where range <paramref name="part"/> of <paramref name="parts"/> starts: near-equal, on a granule boundary.</summary>
    private static int Boundary(int part, int parts, int length) =>
        part == parts ? length : Math.Min(length, (int)((long)part * length / parts / Granule * Granule));

    /// <summary>
    /// Computes the prepared minibatch's gradient (<see cref="MinibatchGradients.Prepare"/>) and applies the step
    /// <paramref name="rule"/> all or nothing, adding each block's Σg² to <paramref name="input"/>'s block squares. False
    /// when the minibatch's loss (<see cref="MinibatchGradients.Loss"/>) or a new value would not be finite: then θ and the
    /// state are unchanged.
    /// </summary>
    public bool TryApply<TRule>(in TRule rule, ref StepInput input, OptimizerState state) where TRule : struct, IUpdateRule
    {
        var round = _round as Round<TRule> ?? (Round<TRule>)(_round = new Round<TRule>(this));
        round.Rule = rule;
        (_scale, _l2, _eta, _shrink, _state) = (input.GradientScale, input.L2, input.LearningRate, input.Shrink, state);
        _checking = _measure = !state.MaximaKnown;
        _failed = false;
        _verdict = Verdict.Abort;
        _minibatches.Pool.Run(round.Work);
        if (_verdict != Verdict.Write) return false;

        for (int b = 0; b < _blockSquares.Length; b++) input.BlockSquares[b] += _blockSquares[b];
        if (_measure)
        {
            (_thetaMax, _firstMax, _secondMax) = (0, 0, 0);
            foreach (var part in _parts)
                (_thetaMax, _firstMax, _secondMax) = (Math.Max(_thetaMax, part.ThetaMax), Math.Max(_firstMax, part.FirstMax), Math.Max(_secondMax, part.SecondMax));
        }
        (state.ThetaMax, state.FirstMax, state.SecondMax) = (_thetaMax, _firstMax, _secondMax);
        state.MaximaKnown = true;
        state.Steps++;
        return true;
    }

    /// <summary>A thread's range's view of the step.</summary>
    private StepInput Input(Part part) => new()
    {
        Theta = _model.Parameters,
        Gradient = _gradient.Span,
        Segments = part.Segments,
        GradientScale = _scale,
        L2 = _l2,
        LearningRate = _eta,
        Shrink = _shrink,
        BlockSquares = part.Squares,
    };

    /// <summary>Records a thread's exception; the others go on through the barriers, and nothing is written.</summary>
    private void Fail(Part part, Exception e)
    {
        part.Failure ??= ExceptionDispatchInfo.Capture(e);
        _failed = true;
    }

    /// <summary>
    /// The barrier: a helper waits until the training thread has seen every thread arrive and released them; the
    /// training thread (thread 0) returns as soon as all have arrived, decides, then calls <see cref="Release"/>.
    /// </summary>
    private void Arrive(int thread)
    {
        var spin = new SpinWait();
        if (thread == 0)
        {
            while (Volatile.Read(ref _arrived) < _parts.Length - 1) spin.SpinOnce(sleep1Threshold: -1);
            return;
        }
        int generation = Volatile.Read(ref _generation);
        Interlocked.Increment(ref _arrived);
        while (Volatile.Read(ref _generation) == generation) spin.SpinOnce(sleep1Threshold: -1);
    }

    private void Release()
    {
        _arrived = 0;
        Interlocked.Increment(ref _generation);
    }

    private enum Verdict { Abort, Check, Write }

    /// <summary>One thread's range of θ: its blocks cut to the range, and what the thread found in it.</summary>
    private sealed class Part
    {
        public Part(int start, int length, Segment[] blocks)
        {
            var segments = new List<Segment>();
            var owners = new List<int>();
            for (int b = 0; b < blocks.Length; b++)
            {
                int from = Math.Max(start, blocks[b].Offset), to = Math.Min(start + length, blocks[b].Offset + blocks[b].Length);
                if (from >= to) continue;
                segments.Add(blocks[b] with { Offset = from, Length = to - from });
                owners.Add(b);
            }
            (Start, Length, Segments, Blocks, Squares) = (start, length, [.. segments], [.. owners], new double[segments.Count]);
        }

        public int Start { get; }
        public int Length { get; }

        /// <summary>The blocks' parts in the range, and the block of each.</summary>
        public Segment[] Segments { get; }
        public int[] Blocks { get; }

        /// <summary>Σg² of each of <see cref="Segments"/>.</summary>
        public double[] Squares { get; }

        public bool Finite;
        public double ThetaMax, FirstMax, SecondMax;
        public ExceptionDispatchInfo? Failure;
    }

    /// <summary>The round for one update rule: what every thread runs, and the decision the training thread makes in it.</summary>
    private sealed class Round<TRule> where TRule : struct, IUpdateRule
    {
        private readonly SplitStep _step;

        public Round(SplitStep step) => (_step, Work) = (step, Run);

        /// <summary>The step's rule, set before each round.</summary>
        public TRule Rule;

        /// <summary>What each thread runs, given its number.</summary>
        public Action<int> Work { get; }

        private void Run(int thread)
        {
            var step = _step;
            var part = step._parts[thread];
            part.Failure = null;
            try
            {
                step._minibatches.Work(thread);
            }
            catch (Exception e)
            {
                step.Fail(part, e);
            }
            // Every chunk is summed: each thread may now read every chunk's share of its range.
            step.Arrive(thread);
            if (thread == 0) step.Release();

            if (!step._failed) Examine(part, reduce: true);
            Decide(thread);
            if (step._verdict == Verdict.Check)
            {
                // The guard's bounds did not prove the step finite: check every new value, as a checked step does.
                Examine(part, reduce: false);
                Decide(thread);
            }
            if (step._verdict == Verdict.Write) Write(part);
            part.Failure?.Throw();
        }

        /// <summary>
        /// Sums the chunks of the range (the first time), then guards it, or checks every new value of it when no bounds are
        /// known; the first time adds each segment's Σg² into the range's squares.
        /// </summary>
        private void Examine(Part part, bool reduce)
        {
            try
            {
                if (reduce)
                {
                    _step._minibatches.Reduce(part.Start, part.Length);
                    Array.Clear(part.Squares);
                }
                var input = _step.Input(part);
                if (_step._checking) part.Finite = StepKernel.Check(Rule, ref input, _step._state, norms: reduce);
                else StepKernel.Guard(ref input);
            }
            catch (Exception e)
            {
                _step.Fail(part, e);
            }
        }

        /// <summary>All threads meet; the training thread decides for the whole step and releases them.</summary>
        private void Decide(int thread)
        {
            var step = _step;
            step.Arrive(thread);
            if (thread != 0) return;
            try
            {
                bool first = step._verdict != Verdict.Check;
                step._verdict = Verdict.Abort;
                if (!step._failed && double.IsFinite(step._minibatches.Loss)) step._verdict = Judge(first);
                if (step._verdict == Verdict.Check) step._checking = step._measure = true;
            }
            finally
            {
                step.Release();
            }
        }

        /// <summary>The decision once every range is examined: write, abort, or (from the guard) check every value first.</summary>
        private Verdict Judge(bool first)
        {
            var step = _step;
            var squares = step._blockSquares;
            if (first)
            {
                // The blocks' Σg², each summed over the ranges in thread order.
                Array.Clear(squares);
                foreach (var part in step._parts)
                    for (int s = 0; s < part.Segments.Length; s++) squares[part.Blocks[s]] += part.Squares[s];
            }
            if (step._checking)
            {
                foreach (var part in step._parts) if (!part.Finite) return Verdict.Abort;
                return Verdict.Write;
            }
            double total = 0;
            foreach (double blockSquares in squares) total += blockSquares;
            var input = step.Input(step._parts[0]);
            var state = step._state;
            double firstMax = state.FirstMax, secondMax = state.SecondMax;
            if (!Rule.Bounded(StepKernel.ThetaBound(input, state.ThetaMax), StepKernel.EffectiveBound(input, state.ThetaMax, Math.Sqrt(total)),
                    ref firstMax, ref secondMax, out double theta))
                return Verdict.Check;
            (step._thetaMax, step._firstMax, step._secondMax) = (theta, firstMax, secondMax);
            return Verdict.Write;
        }

        /// <summary>Writes the range's new θ and state, clears its gradient and, after a checked step, measures its sizes.</summary>
        private void Write(Part part)
        {
            var input = _step.Input(part);
            var state = _step._state;
            StepKernel.WriteValues(Rule, input, state);
            if (!_step._measure) return;
            part.ThetaMax = StepKernel.LargestMagnitude(input.Theta.Slice(part.Start, part.Length));
            part.FirstMax = state.First.Length == 0 ? 0 : StepKernel.LargestMagnitude(state.First.AsSpan(part.Start, part.Length));
            part.SecondMax = state.Second.Length == 0 ? 0 : StepKernel.LargestMagnitude(state.Second.AsSpan(part.Start, part.Length));
        }
    }
}
