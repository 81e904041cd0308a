using System.Diagnostics;
using System.Text;

namespace Courier.PackagingTests.Pack;

/// <summary>The outcome of one child process.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Standard output and error, interleaved as read.</param>
/// <param name="Elapsed">Wall-clock time.</param>
internal sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed);

/// <summary>Runs <c>dotnet</c> (or another program) with a hard time limit; the whole process tree is killed when it is
/// exceeded, and the failure names the command, the folder and the output so far.</summary>
internal static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan limit)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        // The test host's MSBuild variables would point child builds at the wrong SDK pieces.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBuild", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"'{fileName} {string.Join(' ', arguments)}' in {workingDirectory} did not finish within {limit.TotalSeconds:0} s. Output so far:\n{Tail(output)}");
        }

        process.WaitForExit(); // drains the output events
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToString(), watch.Elapsed);
        }
    }

    /// <summary>Runs and fails the test, with the output, unless the exit code is 0.</summary>
    public static ProcessResult RunOk(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan limit)
    {
        var result = Run(fileName, arguments, workingDirectory, limit);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"'{fileName} {string.Join(' ', arguments)}' in {workingDirectory} exited with {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s:\n{Tail(result.Output)}");
        }

        return result;
    }

    private static string Tail(object text)
    {
        var s = text.ToString() ?? string.Empty;
        return s.Length <= 6000 ? s : "…" + s[^6000..];
    }
}
