using SymGrad.Generator.Emit;
using SymGrad.Generator.Tests.Support;

namespace SymGrad.Generator.Tests;

/// <summary>
/// The constructor's checks that each method's scratch fits in an array: a sum of buffer lengths (<see cref="LengthSum"/>)
/// is checked only when it can exceed θ's limit and no larger sum of the same model is checked already.
/// </summary>
public class ScratchCheckTests
{
    [Theory]
    [InlineData(new[] { "H", "H", "D", "2" }, false, "2 * H + D + 2")]
    [InlineData(new[] { "H", "H", "D", "2" }, true, "2L * H + D + 2")]
    [InlineData(new[] { "D", "H" }, true, "(long)D + H")]
    [InlineData(new[] { "3", "4" }, true, "7L")]
    public void Like_terms_are_collected_in_order_of_first_appearance(string[] lengths, bool longSum, string code) =>
        Assert.Equal(code, new LengthSum(lengths).Code(longSum));

    [Theory]
    [InlineData(new[] { "H", "H", "D" }, new[] { "H", "D" }, true)]
    [InlineData(new[] { "H", "D" }, new[] { "H", "D" }, true)]
    [InlineData(new[] { "H", "H" }, new[] { "H", "D" }, false)]    // 2·H against H + D: either may be larger
    [InlineData(new[] { "H", "D" }, new[] { "H", "D", "1" }, false)]
    [InlineData(new[] { "H", "D", "4" }, new[] { "H", "D", "1" }, true)]
    public void A_sum_covers_another_when_it_has_at_least_as_many_of_every_term(string[] larger, string[] smaller, bool covers) =>
        Assert.Equal(covers, new LengthSum(larger).Covers(new LengthSum(smaller)));

    [Theory]
    [InlineData(new[] { "H" }, true)]
    [InlineData(new[] { "16" }, true)]
    [InlineData(new[] { "H", "H" }, false)]
    [InlineData(new[] { "H", "1" }, false)]
    public void Only_one_dimension_or_a_constant_fits_wherever_theta_fits(string[] lengths, bool fits) =>
        Assert.Equal(fits, new LengthSum(lengths).FitsWhereThetaFits);

    [Fact]
    public void The_constructor_checks_only_the_largest_scratch_sizes()
    {
        var checks = GeneratorHarness.GenerateOneFile(SnapshotTests.TwoLayer).Split('\n')
            .Where(line => line.Contains("scratch memory would be larger", StringComparison.Ordinal))
            .Select(line => line.Trim()[..line.Trim().IndexOf(" > ", StringComparison.Ordinal)])
            .ToList();
        // Forward needs H, Gradient 2·H, InputGradient H + D: H passes whenever θ does, and neither of the others covers
        // the other.
        Assert.Equal(["if (2L * H", "if ((long)H + D"], checks);
    }
}
