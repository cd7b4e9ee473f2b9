using System.Globalization;

namespace SymGrad.Training.Tests;

/// <summary>
/// The files users actually have: decimal commas are never misread, R's quoted output and spaced names load, and every
/// other problem is reported as "Line N, column 'x': …" with what to do about it.
/// </summary>
public class CsvDatasetTests
{
    private static string Problem(string csv, CsvOptions? options = null, string target = "label") =>
        Assert.Throws<InvalidDataException>(() => CsvDataset.Parse(csv, target, options: options)).Message;

    [Theory]
    [InlineData("x1;x2;label\n1,5;2,25;1\n", "Line 2, column 'x1': '1,5' has a comma in a number.")]
    [InlineData("x1\tx2\tlabel\n0.5\t0,5\t-1\n", "Line 2, column 'x2': '0,5' has a comma in a number.")]
    [InlineData("x1,x2,label\n\"1,5\",2,1\n", "Line 2, column 'x1': '1,5' has a comma in a number.")]
    [InlineData("x1;x2;label\n1,000;2;1\n", "Line 2, column 'x1': '1,000' has a comma in a number.")]
    public void A_number_with_a_comma_is_refused_and_the_message_says_how_to_load_it(string csv, string start)
    {
        string message = Problem(csv);
        Assert.StartsWith(start, message);
        Assert.Contains("new CsvOptions { DecimalComma = true }", message);
    }

    [Fact]
    public void Decimal_commas_load_when_asked_for()
    {
        var semicolons = CsvDataset.Parse("x1;x2;label\n1,5;2,25;1\n-0,5;1e-3;-1\n", "label", options: new CsvOptions { DecimalComma = true });
        Assert.Equal([[1.5, 2.25], [-0.5, 0.001]], semicolons.Inputs);
        var tabs = CsvDataset.Parse("x\tlabel\n0,5\t1\n", "label", options: new CsvOptions { DecimalComma = true });
        Assert.Equal([[0.5]], tabs.Inputs);
        Assert.StartsWith("Line 2, column 'x': '0.5' has a decimal point, but the file is read with CsvOptions.DecimalComma",
            Problem("x;label\n0.5;1\n", new CsvOptions { DecimalComma = true }));
        Assert.Equal("options", Assert.Throws<ArgumentException>(() =>
            CsvDataset.Parse("x,label\n1,1\n", "label", options: new CsvOptions { DecimalComma = true, Separator = ',' })).ParamName);
    }

    [Fact]
    public void Group_separators_are_never_read()
    {
        // With thousands separators allowed, "1,5" became 15; under a decimal-comma reading "1.500" must not become 1500.
        Assert.Contains("'1.500' has a decimal point", Problem("x;label\n1.500;1\n", new CsvOptions { DecimalComma = true }));
        Assert.Contains("'1 500' is not a number", Problem("x,label\n1 500,1\n"));
    }

    [Fact]
    public void Every_double_written_either_way_reads_back_exactly()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 500).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9)))
            .Concat([0.0, -0.0, 1e-300, double.MaxValue, 12345.678]).ToArray();
        var comma = new NumberFormatInfo { NumberDecimalSeparator = "," };
        string point = "x,label\n" + string.Concat(values.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + ",1\n"));
        string decimalComma = "x;label\n" + string.Concat(values.Select(v => v.ToString("R", comma) + ";1\n"));

        Assert.Equal(values, CsvDataset.Parse(point, "label").Inputs.Select(x => x[0]));
        Assert.Equal(values, CsvDataset.Parse(decimalComma, "label", options: new CsvOptions { DecimalComma = true }).Inputs.Select(x => x[0]));
    }

    [Fact]
    public void R_write_csv_output_loads_and_its_row_names_are_not_a_feature()
    {
        // write.csv(data.frame(x1 = c(0.5, 1e-3), x2 = c(-1.25, 2), label = c(1, -1)), "d.csv")
        const string csv = "\"\",\"x1\",\"x2\",\"label\"\r\n\"1\",0.5,-1.25,1\r\n\"2\",0.001,2,-1\r\n";
        var data = CsvDataset.Parse(csv, "label");
        Assert.Equal([[0.5, -1.25], [0.001, 2.0]], data.Inputs);
        Assert.Equal([1.0, -1.0], data.Targets);
    }

    [Fact]
    public void Quoted_fields_may_hold_separators_quotes_and_line_breaks()
    {
        const string csv = "\"x, first\",\"say \"\"hi\"\"\",\"label\nof row\"\n\"1.5\",2,\"-1\"\n";
        var data = CsvDataset.Parse(csv, "label\nof row", ["x, first", "say \"hi\""]);
        Assert.Equal([[1.5, 2.0]], data.Inputs);
        Assert.Equal([-1.0], data.Targets);
        // The header spans lines 1 and 2, so the rows are lines 3 and 4.
        Assert.StartsWith("Line 4, column 'x, first': 'a' is not a number.", Problem(csv + "a,2,1\n", target: "label\nof row"));
    }

    [Fact]
    public void Names_and_values_are_trimmed_and_blank_lines_skipped()
    {
        var data = CsvDataset.Parse("\n x1 , x2,  label \r\n\r\n 1, 2 , 1\n   \n3 ,4,-1\n\n", "label");
        Assert.Equal([[1.0, 2.0], [3.0, 4.0]], data.Inputs);
        Assert.Equal([1.0, -1.0], data.Targets);
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_name()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "x,label\n1,1\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal([[1.0]], CsvDataset.Load(path, "label", ["x"]).Inputs);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_file_without_a_header_is_named_as_such()
    {
        Assert.Equal("Line 1: '1,2,1' holds numbers, not column names: the file seems to have no header. Add a first line naming the columns, e.g. 'x1,x2,label'.",
            Problem("1,2,1\n3,4,-1\n"));
        Assert.StartsWith("Line 2: '0,5;1;-1' holds numbers", Problem("\n0,5;1;-1\n"));
    }

    [Fact]
    public void Comment_lines_are_reported_not_parsed()
    {
        Assert.Equal("Line 3: '# measured 2024-05-01' is a comment line, and CSV has no comments: delete the line.",
            Problem("x,label\n1,1\n# measured 2024-05-01\n2,-1\n"));
        Assert.StartsWith("Line 1: '# x,label' is a comment line", Problem("# x,label\n1,1\n"));
    }

    [Fact]
    public void Ragged_rows_name_the_line_and_the_missing_column()
    {
        Assert.Equal("Line 3, column 'label': missing: the row has 2 fields, the header names 3 columns.", Problem("x1,x2,label\n1,2,1\n3,4\n"));
        Assert.Equal("Line 2: the row has 4 fields, but the header names 3 columns; a field that holds the separator must be quoted.",
            Problem("x1,x2,label\n1,2,1,7\n"));
    }

    [Fact]
    public void Values_that_are_not_finite_numbers_name_line_and_column()
    {
        Assert.Equal("Line 3, column 'x2': 'NA' is not a number.", Problem("x1,x2,label\n1,2,1\n1,NA,1\n"));
        Assert.Equal("Line 2, column 'x1': the value is empty. Every used column needs a number in every row: fill the gap or delete the row.",
            Problem("x1,x2,label\n,2,1\n"));
        Assert.Equal("Line 2, column 'label': 'NaN' is not a finite number.", Problem("x1,x2,label\n1,2,NaN\n"));
        // A column that is not used may hold anything.
        Assert.Equal([[1.0]], CsvDataset.Parse("name,x,label\nAda,1,1\n", "label", ["x"]).Inputs);
    }

    [Fact]
    public void Syntax_problems_name_line_and_column()
    {
        Assert.Equal("Line 2, column 'x2': a quoted field is not closed: its closing '\"' is missing.", Problem("x1,x2,label\n1,\"2,1\n"));
        Assert.Equal("Line 2, column 'x1': there is text after the closing '\"' of a quoted field.", Problem("x1,label\n\"1\"2,1\n"));
        Assert.Equal("Line 2, column 'x1': '1\"5' has a '\"' inside it; quote the whole field (\"…\") and double the quotes within it.",
            Problem("x1,label\n1\"5,1\n"));
    }

    [Fact]
    public void Header_problems_are_reported()
    {
        Assert.Equal("Line 1, column 'x': the header names it twice (columns 1 and 3); rename one.", Problem("x,label,x\n1,1,2\n"));
        Assert.StartsWith("Line 1: the header 'x label' names a single column: it holds no comma.", Problem("x label\n1 1\n"));
        Assert.Equal("The CSV is empty: it has no header line naming the columns.", Problem("\n \n"));
        Assert.Equal("The CSV has a header (line 1) but no rows.", Problem("x,label\n\n"));
        var missing = Assert.Throws<ArgumentException>(() => CsvDataset.Parse("\"x\",\"y\"\n1,1\n", "label"));
        Assert.Equal("The CSV has no column 'label'; its columns are 'x', 'y'. (Parameter 'targetColumn')", missing.Message);
    }

    [Fact]
    public void The_separator_is_inferred_from_the_header_or_set()
    {
        Assert.Equal([[1.5, 2.0]], CsvDataset.Parse("a\tb\tlabel\n1.5\t2\t1\n", "label").Inputs);
        Assert.Equal([[1.5, 2.0]], CsvDataset.Parse("a;b;label\n1.5;2;1\n", "label").Inputs);
        // A comma inside a quoted name does not count.
        Assert.Equal([[1.5]], CsvDataset.Parse("\"a,b\";label\n1.5;1\n", "label").Inputs);
        Assert.Equal([[1.5, 2.0]], CsvDataset.Parse("a|b|label\n1.5|2|1\n", "label", options: new CsvOptions { Separator = '|' }).Inputs);
    }
}
