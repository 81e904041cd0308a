using System.Diagnostics;
using System.Text;

namespace Courier.CliTests.EndToEnd;

/// <summary>The outcome of one run of the built command.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs the BUILT command (<c>dotnet Courier.Cli.dll …</c>, copied next to the tests) as a separate process.</summary>
public static class CliProcess
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static string Dll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Courier.Cli.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("The built command is not next to the tests; build tests/Cli.Tests.", path);
        }
    }

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var process = Start(args, environment, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await WaitAsync(process);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the command in a pseudo-terminal through <c>script</c>, so it sees an interactive terminal.</summary>
    public static async Task<CliResult> RunInTerminalAsync(string script, IEnumerable<string> args)
    {
        var command = string.Join(' ', new[] { "dotnet", Dll }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        using var process = Start(["-qec", command, "/dev/null"], null, null, script);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await WaitAsync(process);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static System.Diagnostics.Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, string? program = null)
    {
        var info = new ProcessStartInfo(program ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        if (program is null)
        {
            info.ArgumentList.Add(Dll);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "NO_COLOR", "FORCE_COLOR", "COLUMNS", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "NO_PROXY", "no_proxy" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    public static async Task WaitAsync(System.Diagnostics.Process process)
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The command did not exit within {Limit.TotalSeconds} s.");
        }
    }

    /// <summary>The output with ANSI escape sequences removed.</summary>
    public static string StripAnsi(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;?]*[A-Za-z]", string.Empty);
}
