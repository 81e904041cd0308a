using System.CommandLine;
using Courier.Cli.Recording;
using Courier.Recorder;

namespace Courier.Cli.Commands;

/// <summary>
/// <c>courier record --target URL --cassette FILE [--port N] [--mode M] [--match-on …]</c>: a recording reverse proxy
/// on 127.0.0.1 for clients in any language. Prints <c>Listening on URL</c> first, forwards every request to the
/// target through Courier's recorder (redaction and filters apply), and saves the cassette after each recorded
/// interaction and once more on Ctrl+C / SIGTERM.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(CliConsoles consoles)
    {
        var target = new Option<string>("--target") { Description = "The server to record (loopback unless --allow-host names it), e.g. http://127.0.0.1:8080.", Required = true };
        var cassette = new Option<FileInfo>("--cassette") { Description = "The cassette file (vcrpy YAML; JSON when it ends in .json).", Required = true };
        var port = RecordingArguments.Port();
        var mode = RecordingArguments.ModeOption();
        var matchOn = RecordingArguments.MatchOnOption();
        var allowHost = new Option<string[]>("--allow-host")
        {
            Description = "A non-loopback host name, IP address or CIDR range the proxy may connect to (repeatable). A named host reaches public addresses only; " +
                          "a private or link-local one needs its address or range too.",
        };
        var redact = new Option<string[]>("--redact-header") { Description = "Another header whose value is written as REDACTED (repeatable; Authorization, Cookie, Set-Cookie and API-key headers always are)." };
        var filterQuery = new Option<string[]>("--filter-query") { Description = "A query parameter whose value is written as REDACTED (repeatable)." };
        var filterJson = new Option<string[]>("--filter-json") { Description = "A JSON member (any depth, request and response) whose value is written as REDACTED (repeatable)." };
        var repeats = new Option<bool>("--allow-playback-repeats") { Description = "Let a recorded interaction replay more than once." };
        var command = new Command("record", "Run a recording reverse proxy on 127.0.0.1 that forwards to --target and records into --cassette (Ctrl+C stops and saves).")
        {
            target, cassette, port, mode, matchOn, allowHost, redact, filterQuery, filterJson, repeats,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (flags, headers, _) = RecordingArguments.ParseMatchOn(parsed.GetValue(matchOn) ?? []);
            var explicitMode = parsed.GetValue(mode) is { } m ? RecordingArguments.ParseMode(m) : null;
            var options = new RecorderOptions
            {
                Mode = explicitMode,
                // An explicit --mode wins over COURIER_RECORD_MODE (the library lets the variable win over code).
                Environment = explicitMode is null ? Environment.GetEnvironmentVariable : name => name == "COURIER_RECORD_MODE" ? null : Environment.GetEnvironmentVariable(name),
                MatchOn = flags,
                MatchHeaders = headers,
                AllowPlaybackRepeats = parsed.GetValue(repeats),
                RedactHeaders = [.. RecorderOptions.DefaultRedactedHeaders, .. parsed.GetValue(redact) ?? []],
                FilterQueryParameters = parsed.GetValue(filterQuery) ?? [],
                FilterJsonMembers = parsed.GetValue(filterJson) ?? [],
                OnWarning = message => consoles.Error.WriteLine("courier record: warning: " + message),
            };
            var request = new RecordRequest(parsed.GetValue(target)!, parsed.GetValue(cassette)!.FullName, parsed.GetValue(port), parsed.GetValue(allowHost) ?? []);
            return await RunAsync(consoles, request, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private sealed record RecordRequest(string Target, string Cassette, int Port, IReadOnlyList<string> AllowedHosts);

    private static async Task<int> RunAsync(CliConsoles consoles, RecordRequest args, RecorderOptions options, CancellationToken cancellationToken)
    {
        Uri? target = null;
        var problem = TargetPolicy.ProblemWith(args.AllowedHosts);
        var policy = problem is null ? new TargetPolicy(args.AllowedHosts) : null;
        if (policy is not null)
        {
            problem = Uri.TryCreate(args.Target, UriKind.Absolute, out target) ? policy.Problem(target) : $"--target '{args.Target}' is not an absolute URL";
        }

        if (problem is not null || target is null || policy is null)
        {
            await consoles.Error.WriteLineAsync($"courier: error: record: {problem}.").ConfigureAwait(false);
            return UsageError.ExitCode;
        }

        using var signals = new ShutdownSignals(cancellationToken);
        RecordingProxy proxy;
        try
        {
            proxy = await RecordingProxy.StartAsync(target, args.Cassette, args.Port, options, policy, consoles.Error, signals.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CassetteFormatException or CassetteSecretsException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            await consoles.Error.WriteLineAsync($"courier: error: record: {ex.Message}").ConfigureAwait(false);
            return Failures.ExitCode;
        }

        var loaded = proxy.Recorder.Cassette.Interactions.Count;
        await using (proxy.ConfigureAwait(false))
        {
            await consoles.Out.WriteLineAsync($"Listening on {proxy.Url.ToString().TrimEnd('/')}").ConfigureAwait(false);
            await consoles.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await consoles.Error.WriteLineAsync($"courier record: forwarding to {target} and recording into {args.Cassette} (mode {Describe(proxy.Recorder.Mode)}, {loaded} interaction{(loaded == 1 ? "" : "s")} loaded). Ctrl+C stops and saves.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, signals.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop and save below.
            }
        }

        return await SaveAsync(consoles, proxy, loaded).ConfigureAwait(false);
    }

    /// <summary>The final save after the server stopped (each recorded interaction was saved already; this one is for certainty).</summary>
    private static async Task<int> SaveAsync(CliConsoles consoles, RecordingProxy proxy, int loaded)
    {
        var cassette = proxy.Recorder.Cassette;
        var recorded = cassette.Interactions.Count > loaded;
        try
        {
            if (recorded)
            {
                await cassette.SaveAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }

            await consoles.Error.WriteLineAsync($"courier record: stopped after {proxy.Forwarded} request{(proxy.Forwarded == 1 ? "" : "s")}; {cassette.Path} holds {cassette.Interactions.Count} interaction{(cassette.Interactions.Count == 1 ? "" : "s")}{(recorded ? " (saved)" : " (unchanged)")}.").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CassetteLockedException)
        {
            await consoles.Error.WriteLineAsync($"courier: error: record: could not save {cassette.Path}: {ex.Message}").ConfigureAwait(false);
            return Failures.ExitCode;
        }
    }

    private static string Describe(RecordMode mode) => mode switch
    {
        RecordMode.NewEpisodes => "new_episodes",
        _ => mode.ToString().ToLowerInvariant(),
    };
}
