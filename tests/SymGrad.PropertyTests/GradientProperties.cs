using CsCheck;
using SymGrad.PropertyTests.Generation;
using SymGrad.PropertyTests.Harness;

namespace SymGrad.PropertyTests;

/// <summary>
/// Random well-shaped models through the real generator: Forward equals the [Model] method, Gradient equals
/// finite differences, nothing allocates. A failure is shrunk by CsCheck and printed as a regression test.
/// </summary>
public class GradientProperties
{
    [Fact]
    public void Random_models_have_reference_forward_exact_gradients_and_no_allocation()
    {
        ulong seed = PropertySettings.Seed("gradients");
        int total = PropertySettings.Cases;
        PropertySettings.Print($"Gradient properties: {total} random models, SYMGRAD_PROPERTY_SEED={seed}");

        var failures = new List<(string CaseSeed, ModelSpec Spec, string Why)>();
        for (int start = 0; start < total && failures.Count == 0; start += PropertySettings.BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(PropertySettings.BatchSize, total - start)).Select(i => CaseOf(seed, i)).ToList();
            foreach (var (index, why) in ModelBatch.Check(batch.Select(c => ToCase(c.Spec)).ToList()))
                failures.Add((batch[index].CaseSeed, batch[index].Spec, why));
        }
        if (failures.Count == 0) return;

        var (caseSeed, spec, reason) = failures[0];
        string report = $"{failures.Count} model(s) failed in the batch; the first (CsCheck seed {caseSeed}):\n{spec}\n{reason}\n\n{Shrink(caseSeed)}";
        PropertySettings.Print(report);
        Assert.Fail(report);
    }

    [Fact]
    public void A_case_replays_from_its_printed_seed()
    {
        var (caseSeed, spec) = CaseOf(12345, 7);
        var replayed = ModelGen.Instance.Generate(PCG.Parse(caseSeed), null, out _);
        Assert.Equal(spec.ToString(), replayed.ToString());
        Assert.Equal(spec.ValueSeed, replayed.ValueSeed);
    }

    public static ModelCase ToCase(ModelSpec spec) => new(spec.ToMethod("M"), spec.NamedDims, spec.InputDim.Size, spec.ValueSeed, spec.LossMethod);

    /// <summary>Case <paramref name="i"/> of the run: its own PCG stream, so CsCheck can replay it alone.</summary>
    public static (string CaseSeed, ModelSpec Spec) CaseOf(ulong seed, int i)
    {
        var pcg = new PCG((uint)i, seed);
        string caseSeed = pcg.ToString(pcg.State);
        return (caseSeed, ModelGen.Instance.Generate(pcg, null, out _));
    }

    /// <summary>Why the shrunk model fails, checked once more, or that it did not fail again (a flaky failure).</summary>
    private static string Recheck(ModelSpec spec) =>
        ModelBatch.Check(new[] { ToCase(spec) }).Values.FirstOrDefault() is { } why
            ? "Checked again, it fails: " + why
            : "Checked again, it passed: the failure that kept it did not repeat.";

    /// <summary>CsCheck replays the failing seed, then keeps failing models of smaller Size until its time is up.</summary>
    private static string Shrink(string caseSeed)
    {
        try
        {
            ModelGen.Instance.Sample(spec =>
            {
                if (ModelBatch.Check(new[] { ToCase(spec) }).Values.FirstOrDefault() is { } why) throw new InvalidOperationException(why);
            }, seed: caseSeed, iter: 1_000_000, time: PropertySettings.ShrinkSeconds, threads: 1, print: spec => "\n" + spec.ToRegressionTest("Shrunk_model") + "\n" + Recheck(spec));
            return "The case passed when checked alone, so it was not shrunk.";
        }
        catch (Exception e)
        {
            return "Shrunk by CsCheck; paste into Regressions/:\n" + e.Message;
        }
    }
}
