using System.Buffers.Binary;

namespace SymGrad.PackageTests;

/// <summary>
/// The lecture tour as a pipe or a log sees it (standard output redirected): plain text, one line per stage, the same on
/// every run; and the pictures it promises, as PNGs of the expected sizes.
/// </summary>
public sealed class LectureTourTests
{
    private static string Program => Repository.PathOf("samples", "LectureTour", "bin", Repository.Configuration, "net10.0", "LectureTour.dll");

    [Fact]
    public async Task Piped_output_is_one_plain_line_per_stage_the_same_on_every_run_and_the_pictures_are_drawn()
    {
        using var first = new TemporaryDirectory("symgrad-tour");
        using var second = new TemporaryDirectory("symgrad-tour");
        var runs = await Task.WhenAll(
            DotNet.RunProgramAsync(DotNet.Host, first.Path, null, Program, first.Path),
            DotNet.RunProgramAsync(DotNet.Host, second.Path, null, Program, second.Path));
        string a = runs[0].EnsureSuccess().Output, b = runs[1].EnsureSuccess().Output;

        Assert.Equal(a.Replace(first.Path, "OUT"), b.Replace(second.Path, "OUT"));
        Assert.DoesNotContain('\u001b', a); // no colours or cursor movement
        var lines = a.Split('\n', StringSplitOptions.TrimEntries);
        foreach (string problem in new[] { "two moons", "circles" })
            foreach (string net in new[] { "tanh net", "RBF net" })
                Assert.Single(lines, $"{problem}, {net}: 5 restarts × 150 epochs trained");
        Assert.Equal(4, lines.Count(l => l.Contains("test accuracy", StringComparison.Ordinal)));
        Assert.Equal($"Pictures are in {first.Path}.", lines.Last(l => l.Length > 0));

        // A decision boundary and a training curve per net and problem.
        var expected = from problem in new[] { "moons", "circles" }
                       from net in new[] { "tanh", "rbf" }
                       from picture in new[] { ("", 720, 640), ("-training", 720, 420) }
                       select (Name: $"{problem}-{net}{picture.Item1}.png", Width: picture.Item2, Height: picture.Item3);
        Assert.Equal(expected.Select(e => e.Name).Order(), Directory.GetFiles(first.Path).Select(Path.GetFileName).Order());
        foreach (var (name, width, height) in expected)
            Assert.Equal((width, height), PngSize(first.Combine(name)));
    }

    // A PNG starts with an 8-byte signature and its IHDR chunk, whose data begins with the big-endian width and height.
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
