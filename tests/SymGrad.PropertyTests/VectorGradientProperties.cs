using CsCheck;
using SymGrad.PropertyTests.Generation;
using SymGrad.PropertyTests.Harness;

namespace SymGrad.PropertyTests;

/// <summary>
/// Random vector models (K ∈ {1, 2, 3, 10} scores, 2–4 layers) through the real generator, each with a class loss or
/// vector squared loss: Forward equals the [Model] method, Gradient equals finite differences, nothing allocates.
/// A failure prints the model and the seed that replays it.
/// </summary>
public class VectorGradientProperties
{
    [Fact]
    public void Random_vector_models_and_class_losses_have_reference_forward_exact_gradients_and_no_allocation()
    {
        ulong seed = PropertySettings.Seed("vector gradients");
        int total = PropertySettings.VectorCases;
        PropertySettings.Print($"Vector gradient properties: {total} random vector models, SYMGRAD_PROPERTY_SEED={seed}");

        var kinds = new Dictionary<string, int>();
        for (int start = 0; start < total; start += PropertySettings.BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(PropertySettings.BatchSize, total - start)).Select(i => CaseOf(seed, i)).ToList();
            var specs = batch.Select(c => c.Spec).ToList();
            var cases = specs.Select(ToCase).ToList();
            var failures = ModelBatch.Check(cases, (container, i) => VectorModelChecker.Check(container, "M" + i, specs[i].UserLoss is null ? null : "L" + i,
                specs[i], specs[i].InputDim.Size, new PCG(1, specs[i].ValueSeed)));
            if (failures.Count > 0)
            {
                var (index, why) = failures.OrderBy(f => f.Key).First();
                string report = $"{failures.Count} vector model(s) failed in the batch; the first (CsCheck seed {batch[index].CaseSeed}):\n{batch[index].Spec}\n{why}";
                PropertySettings.Print(report);
                Assert.Fail(report);
            }
            foreach (var spec in specs)
            {
                string key = $"K={spec.OutputDim.Size}, {spec.Layers} layers, {spec.LossKind}";
                kinds[key] = kinds.GetValueOrDefault(key) + 1;
            }
            if (total > PropertySettings.BatchSize) PropertySettings.Print($"{start + batch.Count} of {total} vector models passed");
        }
        PropertySettings.Print("Checked: " + string.Join("; ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}: {k.Value}")));
    }

    [Fact]
    public void The_drawn_models_cover_every_K_depth_and_loss_and_replay_from_their_seed()
    {
        var specs = Enumerable.Range(0, 200).Select(i => CaseOf(777, i).Spec).ToList();
        Assert.Equal([1, 2, 3, 10], specs.Select(s => s.OutputDim.Size).Distinct().Order());
        Assert.Equal([2, 3, 4], specs.Select(s => s.Layers).Distinct().Order());
        Assert.Equal(Enum.GetValues<VectorLossKind>(), specs.Select(s => s.LossKind).Distinct().Order());
        Assert.Contains(specs, s => s.Locals.Count > 0);
        Assert.Contains(specs, s => s.Locals.Count == 0);
        Assert.Contains(specs, s => s.OutputDim.IsNamed);
        Assert.Contains(specs, s => !s.OutputDim.IsNamed);
        string all = string.Concat(specs.Select(s => s.ToString()));
        foreach (string op in new[] { "Softmax(", "LogSumExp(", "Abs(", "Max(", "Min(", "Sum(", "=> ", "[0]", "s[y]" })
            Assert.Contains(op, all);

        var (caseSeed, spec) = CaseOf(12345, 7);
        var replayed = VectorModelGen.Instance.Generate(PCG.Parse(caseSeed), null, out _);
        Assert.Equal(spec.ToString(), replayed.ToString());
        Assert.Equal(spec.ValueSeed, replayed.ValueSeed);
    }

    private static ModelCase ToCase(VectorModelSpec spec) => new(spec.ToMethod("M"), spec.NamedDims, spec.InputDim.Size, spec.ValueSeed, spec.LossMethod);

    /// <summary>Case <paramref name="i"/> of the run: its own PCG stream, so CsCheck can replay it alone.</summary>
    private static (string CaseSeed, VectorModelSpec Spec) CaseOf(ulong seed, int i)
    {
        var pcg = new PCG((uint)i, seed);
        string caseSeed = pcg.ToString(pcg.State);
        return (caseSeed, VectorModelGen.Instance.Generate(pcg, null, out _));
    }
}
