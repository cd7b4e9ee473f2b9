using CsCheck;
using SymGrad.PropertyTests.Generation;
using SymGrad.PropertyTests.Harness;

namespace SymGrad.PropertyTests.Robustness;

/// <summary>The generator cannot be crashed: by hand-written broken code, and by thousands of random mutations of valid models.</summary>
public class RobustnessTests
{
    public static TheoryData<string> CorpusNames => new(BrokenCorpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public void Broken_code_is_diagnosed_never_crashes(string name)
    {
        string? violation = RobustnessInvariants.Violation(BrokenCorpus.Cases[name]);
        Assert.True(violation is null, $"{name}: {violation}\n{BrokenCorpus.Cases[name]}");
    }

    [Fact]
    public void Random_mutations_of_valid_models_never_crash_the_generator()
    {
        ulong seed = PropertySettings.Seed("mutations");
        int total = PropertySettings.Mutations;
        PropertySettings.Print($"Robustness: {total} mutations, SYMGRAD_PROPERTY_SEED={seed}");

        var declarations = new PCG(2, seed);
        var bases = Enumerable.Range(0, 50).Select(i => ValidSource(seed, i))
            .Concat(Enumerable.Range(0, 25).Select(i => DeclarationGen.File(declarations, i, DeclarationGen.Size.Small)))
            .Append(BrokenCorpus.Cases["valid two-layer"]).ToArray();
        var random = new PCG(0, seed);
        for (int k = 0; k < total; k++)
        {
            string mutated = Mutator.Mutate(bases[random.Next((uint)bases.Length)], random);
            if (RobustnessInvariants.Violation(mutated) is { } violation)
            {
                string report = $"mutation {k} of seed {seed}: {violation}\n--- source ---\n{mutated}";
                PropertySettings.Print(report);
                Assert.Fail(report);
            }
        }
    }

    /// <summary>A random valid model (with its loss, if any, and the custom-derivative functions after it, so mutations reach both) in its own file.</summary>
    private static string ValidSource(ulong seed, int i)
    {
        var spec = GradientProperties.CaseOf(seed, i).Spec;
        return "using System;\nusing SymGrad;\nusing static SymGrad.Ops;\n\npublic static partial class Nets\n{\n"
            + spec.ToMethod("F") + (spec.Loss?.ToMethod("L") ?? string.Empty) + CustomFunctions.Members + "}\n";
    }
}
