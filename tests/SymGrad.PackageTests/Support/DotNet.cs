using System.Diagnostics;
using System.Text;

namespace SymGrad.PackageTests;

/// <summary>The outcome of a child process: its exit code and everything it printed.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    /// <summary>Fails the test with the whole log when the process did not succeed.</summary>
    public ProcessResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited with {ExitCode} after {Elapsed.TotalSeconds:F1} s.\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}");
        return this;
    }
}

/// <summary>Runs the dotnet CLI (or a built program) as a child process, the way a user would from a shell.</summary>
internal static class DotNet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    /// <summary>The dotnet host running these tests, so children use the same SDK.</summary>
    public static string Host { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunProgramAsync(Host, workingDirectory, null, arguments);

    public static Task<ProcessResult> RunProgramAsync(string program, string workingDirectory, string? standardInput, params string[] arguments) =>
        RunProgramAsync(program, workingDirectory, standardInput, null, arguments);

    /// <summary>
    /// Runs <paramref name="script"/> with bash, stopping at the first failing command, with the given environment
    /// changes (a null value removes the variable).
    /// </summary>
    public static Task<ProcessResult> RunShellAsync(string workingDirectory, string script, IReadOnlyDictionary<string, string?> environment) =>
        RunProgramAsync("bash", workingDirectory, null, environment, "-euo", "pipefail", "-c", script);

    public static async Task<ProcessResult> RunProgramAsync(string program, string workingDirectory, string? standardInput,
        IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Isolate(start.Environment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }

        var output = new StringBuilder();
        var error = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(Timeout);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{Describe(program, arguments)}` did not finish within {Timeout.TotalMinutes} minutes.\n{output}\n{error}");
        }
        string command = Describe(program, arguments);
        lock (output) lock (error) return new ProcessResult(command, process.ExitCode, output.ToString(), error.ToString(), clock.Elapsed);
    }

    /// <summary>
    /// No MSBuild node reuse and no compiler server: a long-lived build process would inherit the redirected output
    /// and keep it open after the build ends. The parent `dotnet test` also leaves MSBuild's own variables behind,
    /// which would make the child build behave as if nested in the parent's.
    /// </summary>
    private static void Isolate(IDictionary<string, string?> environment)
    {
        foreach (var key in environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            environment.Remove(key);
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
    }

    private static string Describe(string program, string[] arguments) =>
        string.Join(' ', [Path.GetFileName(program), .. arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)]);
}
