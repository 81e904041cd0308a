using System.CommandLine;
using Courier.Cli.Recording;
using Courier.Mocking;
using Courier.Recorder;

namespace Courier.Cli.Commands;

/// <summary>
/// <c>courier replay FILE [--port N] [--match-on …]</c>: serves a cassette (vcrpy, Ruby VCR or Betamax) from a
/// <see cref="MockServer"/> on 127.0.0.1 for clients in any language. Prints <c>Listening on URL</c> first; an unmatched
/// request gets 404 with MockServer's near-miss report. Never touches the network.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The cassette to serve." };
        var port = RecordingArguments.Port();
        var matchOn = RecordingArguments.MatchOnOption();
        var repeats = new Option<bool>("--allow-playback-repeats") { Description = "Let a recorded interaction replay more than once." };
        var command = new Command("replay", "Serve a cassette on 127.0.0.1 (each interaction a stub; unmatched requests get 404 with a near-miss report). Ctrl+C stops.")
        {
            file, port, matchOn, repeats,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var values = parsed.GetValue(matchOn) ?? [];
            var (flags, headers, _) = RecordingArguments.ParseMatchOn(values);
            if (values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).Any(v => v.ToUpperInvariant() is "SCHEME" or "HOST" or "PORT"))
            {
                await consoles.Error.WriteLineAsync("courier replay: note: scheme, host and port are not compared (the replay server is the host).").ConfigureAwait(false);
            }

            return await RunAsync(consoles, parsed.GetValue(file)!, parsed.GetValue(port), flags, headers, parsed.GetValue(repeats), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsoles consoles, FileInfo file, int port, MatchOn matchOn, IReadOnlyList<string> headers, bool repeats, CancellationToken cancellationToken)
    {
        Cassette? cassette;
        try
        {
            cassette = Cassette.Load(file.FullName);
        }
        catch (Exception ex) when (ex is CassetteFormatException or IOException or UnauthorizedAccessException)
        {
            await consoles.Error.WriteLineAsync($"courier: error: replay: {ex.Message}").ConfigureAwait(false);
            return UsageError.ExitCode;
        }

        if (cassette is null)
        {
            await consoles.Error.WriteLineAsync($"courier: error: replay: {file.FullName} {(file.Exists ? "is empty" : "does not exist")}; there is nothing to replay.").ConfigureAwait(false);
            return UsageError.ExitCode;
        }

        using var signals = new ShutdownSignals(cancellationToken);
        await using var server = await MockServer.StartAsync(new MockServerOptions { Port = port }, signals.Token).ConfigureAwait(false);
        var stubs = await ReplayStubs.AddAsync(server, cassette, matchOn, headers, repeats).ConfigureAwait(false);
        await consoles.Out.WriteLineAsync($"Listening on {server.Url.ToString().TrimEnd('/')}").ConfigureAwait(false);
        await consoles.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await consoles.Error.WriteLineAsync($"courier replay: {cassette.Interactions.Count} interaction(s) of {cassette.Name} ({cassette.Dialect}) served as {stubs} stub(s); unmatched requests get 404 with a near-miss report. Ctrl+C stops.").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, signals.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await consoles.Error.WriteLineAsync($"courier replay: stopped after {server.Requests.Count} request(s).").ConfigureAwait(false);
        }

        return 0;
    }
}
