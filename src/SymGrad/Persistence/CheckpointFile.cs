using System.Security.Cryptography;
using System.Text;

namespace SymGrad;

/// <summary>
/// The checkpoint of a training run (docs/training.md, "Resumable training"): which model, optimizer and data it
/// belongs to, θ, the optimizer's state, the epochs done, the schedule's and early stopping's state and the history,
/// little-endian, followed by a SHA-256 of everything before it. Written atomically, as <see cref="ParameterFile"/>.
/// The shuffle's state is its seed and the number of epochs shuffled, replayed on resume.
/// </summary>
internal static class CheckpointFile
{
    private const ushort Version = 1;
    private const int ChecksumLength = SHA256.HashSizeInBytes;
    private static ReadOnlySpan<byte> Magic => "SGCHECKP"u8;

    public static void Save(string path, IParameterized model, TrainingRun run, SgdOptions options, Dataset train, Dataset? validation)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(Identity(model, options, train, validation));
            writer.Write(run.EpochsDone);
            writer.Write(run.Optimizer.Steps);
            var plateau = run.Plateau;
            writer.Write(plateau is not null);
            if (plateau is not null)
            {
                writer.Write(plateau.Best);
                writer.Write(plateau.BadMeasurements);
                writer.Write(plateau.CooldownLeft);
                writer.Write(plateau.Reductions);
            }
            writer.Write(run.BestTheta is not null);
            if (run.BestTheta is not null)
            {
                writer.Write(run.BestMetric);
                writer.Write(run.BestEpoch);
                writer.Write(run.Stale);
                writer.Write(run.Stopped);
                WriteDoubles(writer, run.BestTheta);
            }
            writer.Write(run.History[run.EpochsDone - 1].Elapsed.Ticks);
            WriteDoubles(writer, model.Parameters);
            WriteDoubles(writer, run.Optimizer.First);
            WriteDoubles(writer, run.Optimizer.Second);
            for (int e = 0; e < run.EpochsDone; e++)
            {
                var r = run.History[e];
                writer.Write(r.LearningRate);
                writer.Write(r.Loss);
                writer.Write(r.TrainAccuracy);
                writer.Write(r.ValidationAccuracy);
                writer.Write(r.ValidationLoss);
                writer.Write(r.Elapsed.Ticks);
            }
            WriteDoubles(writer, run.Norms.AsSpan(0, run.EpochsDone * run.BlockCount));
        }
        stream.Write(SHA256.HashData(stream.GetBuffer().AsSpan(0, (int)stream.Length)));
        AtomicFile.Write(path, stream.GetBuffer().AsSpan(0, (int)stream.Length));
    }

    /// <summary>Checks the whole checkpoint against the run first; only then loads it into the model and the run.</summary>
    public static void Load(string path, IParameterized model, TrainingRun run, SgdOptions options, Dataset train, Dataset? validation)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < Magic.Length + ChecksumLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException("This is not a SymGrad checkpoint: it does not start with \"SGCHECKP\".");
        if (!SHA256.HashData(file.AsSpan(0, file.Length - ChecksumLength)).AsSpan().SequenceEqual(file.AsSpan(file.Length - ChecksumLength)))
            throw new InvalidDataException("The checkpoint is corrupted or truncated: its SHA-256 checksum does not match its contents.");
        try
        {
            Read(new BinaryReader(new MemoryStream(file, Magic.Length, file.Length - Magic.Length - ChecksumLength)), model, run, options, train, validation);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("The checkpoint is corrupted: it ends before its contents do.");
        }
    }

    private static void Read(BinaryReader reader, IParameterized model, TrainingRun run, SgdOptions options, Dataset train, Dataset? validation)
    {
        ushort version = reader.ReadUInt16();
        if (version != Version) throw new InvalidDataException($"The checkpoint has format version {version}; this SymGrad reads version {Version}.");
        string saved = reader.ReadString(), expected = Identity(model, options, train, validation);
        if (saved != expected)
            throw new InvalidDataException($"The checkpoint belongs to another run: it records {saved}; this run is {expected}.");
        int epochs = reader.ReadInt32();
        if (epochs < 1 || epochs > options.Epochs)
            throw new InvalidDataException($"The checkpoint is after epoch {epochs}; this run has {options.Epochs} epochs.");
        long steps = reader.ReadInt64();
        var plateau = reader.ReadBoolean() ? (reader.ReadDouble(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()) : default((double, int, int, int)?);
        if (plateau.HasValue != run.Plateau is not null) throw new InvalidDataException("The checkpoint was saved with another learning-rate schedule.");
        bool stopping = reader.ReadBoolean();
        if (stopping != run.BestTheta is not null) throw new InvalidDataException("The checkpoint was saved with other early-stopping options.");
        var best = stopping ? (Metric: reader.ReadDouble(), Epoch: reader.ReadInt32(), Stale: reader.ReadInt32(), Stopped: reader.ReadBoolean(),
            Theta: ReadDoubles(reader, model.ParameterCount)) : default;
        long elapsed = reader.ReadInt64();
        double[] theta = ReadDoubles(reader, model.ParameterCount);
        double[] first = ReadDoubles(reader, run.Optimizer.First.Length);
        double[] second = ReadDoubles(reader, run.Optimizer.Second.Length);
        var history = new (double Rate, double Loss, double TrainAccuracy, double ValidationAccuracy, double ValidationLoss, long Elapsed)[epochs];
        for (int e = 0; e < epochs; e++)
            history[e] = (reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt64());
        double[] norms = ReadDoubles(reader, epochs * run.BlockCount);
        if (reader.BaseStream.Position != reader.BaseStream.Length) throw new InvalidDataException("The checkpoint has bytes after its end; it is corrupted.");

        // Everything is read and checked: only now change the model and the run.
        theta.CopyTo(model.Parameters);
        first.CopyTo(run.Optimizer.First, 0);
        second.CopyTo(run.Optimizer.Second, 0);
        run.Optimizer.Steps = steps;
        if (plateau is var (plateauBest, bad, cooldown, reductions) && run.Plateau is { } state)
            (state.Best, state.BadMeasurements, state.CooldownLeft, state.Reductions) = (plateauBest, bad, cooldown, reductions);
        if (stopping)
        {
            (run.BestMetric, run.BestEpoch, run.Stale, run.Stopped) = (best.Metric, best.Epoch, best.Stale, best.Stopped);
            best.Theta.CopyTo(run.BestTheta!, 0);
        }
        norms.CopyTo(run.Norms, 0);
        for (int e = 0; e < epochs; e++)
        {
            var h = history[e];
            run.History[e] = new EpochReport(e + 1, options.Epochs, h.Rate, h.Loss, h.TrainAccuracy, h.ValidationAccuracy, TimeSpan.FromTicks(h.Elapsed))
            { ValidationLoss = h.ValidationLoss, GradientNorms = run.NormsOf(e + 1) };
        }
        run.ElapsedBefore = TimeSpan.FromTicks(elapsed);
        run.EpochsDone = epochs;
        run.ReplayShuffles(epochs);
    }

    /// <summary>What a checkpoint must match to be resumed: model and dimensions, optimizer, data sizes and shuffle seed.</summary>
    private static string Identity(IParameterized model, SgdOptions options, Dataset train, Dataset? validation) =>
        // A float32 run steps a float64 master θ (MasterParameters): its checkpoint must not resume a float64 model, nor the reverse.
        $"model {model.FullName}{(model is MasterParameters ? " in float32" : string.Empty)} (input length {model.InputLength}, blocks " +
        string.Join(", ", model.Blocks.Select(b => $"{b.Name} {b.Rows}×{b.Columns}")) +
        $"), optimizer {options.Optimizer.Kind}, {train.Count} training and {validation?.Count ?? 0} validation examples, shuffle seed {options.Seed}";

    private static void WriteDoubles(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        writer.Write(values.Length);
        foreach (double value in values) writer.Write(value);
    }

    private static double[] ReadDoubles(BinaryReader reader, int expected)
    {
        int count = reader.ReadInt32();
        if (count != expected) throw new InvalidDataException($"The checkpoint holds {count} values where this run has {expected}.");
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = reader.ReadDouble();
        return values;
    }
}
