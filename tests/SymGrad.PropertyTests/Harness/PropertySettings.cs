namespace SymGrad.PropertyTests.Harness;

/// <summary>Run sizes and seeds, from the environment so CI and long runs use the same tests (docs/property-tests.md).</summary>
public static class PropertySettings
{
    /// <summary>Random models checked per run (SYMGRAD_PROPERTY_CASES, default 500).</summary>
    public static int Cases => Integer("SYMGRAD_PROPERTY_CASES", 500);

    /// <summary>Random vector models (K scores, class losses) checked per run (SYMGRAD_PROPERTY_VECTOR_CASES, default 100).</summary>
    public static int VectorCases => Integer("SYMGRAD_PROPERTY_VECTOR_CASES", 100);

    /// <summary>Random mutations of valid models fed to the generator per run (SYMGRAD_PROPERTY_MUTATIONS, default 2000).</summary>
    public static int Mutations => Integer("SYMGRAD_PROPERTY_MUTATIONS", 2000);

    /// <summary>Random models in random declarations (namespaces, containers, names) per run (SYMGRAD_PROPERTY_DECLARATIONS, default 300).</summary>
    public static int Declarations => Integer("SYMGRAD_PROPERTY_DECLARATIONS", 300);

    /// <summary>Seconds CsCheck may spend shrinking a failing model (SYMGRAD_PROPERTY_SHRINK_SECONDS, default 60).</summary>
    public static int ShrinkSeconds => Integer("SYMGRAD_PROPERTY_SHRINK_SECONDS", 60);

    /// <summary>Models per compilation: one compile, emit and load serves this many cases.</summary>
    public const int BatchSize = 100;

    /// <summary>The run's seed: SYMGRAD_PROPERTY_SEED to replay a run, else a fresh one (always printed).</summary>
    public static ulong Seed(string purpose) =>
        Environment.GetEnvironmentVariable("SYMGRAD_PROPERTY_SEED") is { Length: > 0 } text
            ? ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : (ulong)Random.Shared.NextInt64(1, long.MaxValue) ^ (ulong)purpose.GetHashCode(StringComparison.Ordinal);

    private static int Integer(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int n) && n > 0 ? n : fallback;

    public static void Print(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }
}
