namespace SymGrad.Tests;

/// <summary>How long a measurement's runs of rows are: whole runs of 128 unless a run's copy would pass 1 MiB per thread.</summary>
public sealed class MeasureRunsTests
{
    [Theory]
    [InlineData(784, 128)]
    [InlineData(2048, 128)]    // 2¹⁸ floats / 2,048 = 128 exactly
    [InlineData(5000, 52)]     // ⌊2¹⁸ / 5,000⌋
    [InlineData(1 << 20, 1)]   // one row is more than the limit: still one row per run
    public void A_float32_models_runs_of_narrowed_inputs_stay_within_one_MiB(int inputLength, int rows)
    {
        var inputs = new Float32Inputs(inputLength);
        Assert.Equal(rows, inputs.Rows);
        inputs.Reserve(threads: 1);
        var data = new Dataset(new double[rows * inputLength], inputLength, new double[rows]);
        Assert.Equal(rows * inputLength, inputs.Narrow(data, 0, rows, thread: 0).Length); // the buffer holds a whole run
    }

    [Fact]
    public void Float64_runs_of_row_arrays_stay_within_one_MiB_and_hold_the_rows()
    {
        var rows = Enumerable.Range(0, 30).Select(i => Enumerable.Range(0, 5000).Select(j => i + j / 10000.0).ToArray()).ToArray();
        var arrays = new Dataset(rows, new double[30]);
        Assert.Equal(26, MeasuredRows.Runs(arrays, Evaluation.BatchRows)); // ⌊2¹⁷ / 5,000⌋
        Assert.Equal(Evaluation.BatchRows, MeasuredRows.Runs(arrays.ToContiguous(), Evaluation.BatchRows)); // read in place: no copy to bound

        var block = MeasuredRows.Of(arrays, 3, 26);
        Assert.Equal(rows.Skip(3).Take(26).SelectMany(r => r).ToArray(), block.ToArray());
    }
}
