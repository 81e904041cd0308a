using System.Diagnostics;
using System.Globalization;
using Courier.CliTests.EndToEnd;

namespace Courier.CliTests.Recording;

/// <summary>
/// A long-running <c>courier record</c> or <c>courier replay</c> process: started, its first stdout line
/// (<c>Listening on URL</c>) read, stopped with a signal. Always killed on dispose, so no process outlives a test.
/// </summary>
public sealed class ServingCommand : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Task<string> _restOfStdout;

    private ServingCommand(Process process, Uri url, string firstLine, Task<string> stderr)
    {
        _process = process;
        Url = url;
        FirstLine = firstLine;
        _stderr = stderr;
        _restOfStdout = process.StandardOutput.ReadToEndAsync();
    }

    public Uri Url { get; }

    public string FirstLine { get; }

    public static async Task<ServingCommand> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = CliProcess.Start(args, environment);
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CliProcess.Limit);
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        const string prefix = "Listening on ";
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var error = await stderr;
            process.Dispose();
            Assert.Fail($"The command did not print 'Listening on URL' first; it printed '{line}'. stderr:\n{error}");
        }

        return new ServingCommand(process, new Uri(line![prefix.Length..]), line, stderr);
    }

    /// <summary>Sends <paramref name="signal"/> (INT or TERM) and waits for the exit; returns the exit code and stderr.</summary>
    public async Task<(int ExitCode, string Stderr)> StopAsync(string signal = "INT")
    {
        using (var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await CliProcess.WaitAsync(_process);
        await _restOfStdout;
        return (_process.ExitCode, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
