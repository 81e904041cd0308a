using Courier.Recorder.Matching;
using Courier.Recorder.Recording;

namespace Courier.Recorder;

/// <summary>
/// Records and replays HTTP traffic in a <see cref="Cassette"/>. An <see cref="HttpMessageHandler"/> wrapping an inner
/// transport, so it works under Courier's <c>Client</c>, a plain <see cref="HttpClient"/>, or any SDK taking one:
/// <c>new Recorder(Cassette.Open("cassettes/x.yaml"), inner: new HttpTransport())</c>.
/// </summary>
public sealed partial class Recorder : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _saveGate = new(1, 1);
    private readonly RecorderOptions _options;
    private readonly RecordingFilters _filters;
    private readonly InteractionPatterns _patterns;
    private readonly LeftoverSecrets _leftovers;
    private readonly InteractionFinder _finder;
    private readonly bool _mayRecord;

    /// <summary>Creates a recorder over <paramref name="cassette"/>.</summary>
    /// <param name="cassette">The cassette; when it has a <see cref="Cassette.Path"/>, recorded interactions are saved there.</param>
    /// <param name="inner">The transport used when recording (default: Courier's <c>HttpTransport</c>).</param>
    /// <param name="options">Mode, matching, filters; <see cref="RecorderOptions.Default"/> when null.</param>
    public Recorder(Cassette cassette, HttpMessageHandler? inner = null, RecorderOptions? options = null)
        : base(inner ?? new HttpTransport())
    {
        ArgumentNullException.ThrowIfNull(cassette);
        Cassette = cassette;
        _options = options ?? RecorderOptions.Default;
        Mode = RecordModes.Resolve(_options.Mode, _options.Environment);
        _filters = new RecordingFilters(_options);
        _patterns = new InteractionPatterns(_options);
        _finder = new InteractionFinder(_patterns, _options.AllowPlaybackRepeats);
        var absent = cassette.Interactions.Count == 0 && (cassette.Path is null || Cassette.Load(cassette.Path, _options.LoadOptions) is null);
        _mayRecord = Mode is RecordMode.All or RecordMode.NewEpisodes || (Mode == RecordMode.Once && absent);
        if (Mode == RecordMode.All)
        {
            cassette.Clear();
        }

        _leftovers = new LeftoverSecrets(_options);
        AuditLoadedCassette();
        foreach (var interaction in cassette.Interactions)
        {
            _finder.Add(interaction);
        }
    }

    /// <summary>Sanitizes secrets left in the loaded cassette in memory; fails in CI or strict mode, else warns.</summary>
    private void AuditLoadedCassette()
    {
        var findings = _options.RewriteLeftoverSecrets ? Cassette.RewriteSecrets(_options) : Cassette.FindSecrets(_options);
        if (findings.Count == 0)
        {
            return;
        }

        var ci = _options.Environment("CI");
        var fail = _options.FailOnSecretsInCassette ?? (string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1" || _options.LoadOptions.Strict);
        if (fail)
        {
            throw new CassetteSecretsException(Cassette.Path ?? Cassette.Name, findings);
        }

        foreach (var finding in findings)
        {
            Warn($"Cassette '{Cassette.Name}' still holds a secret-looking value at {finding}; it was rewritten to '{_options.RedactedValue}' in memory. Re-record or edit the file.");
        }
    }

    private void Warn(string message) => (_options.OnWarning ?? (m => System.Diagnostics.Trace.TraceWarning(m)))(message);

    /// <summary>Opens the cassette at <paramref name="path"/> (a new, empty one when the file is absent or empty) and wraps it.</summary>
    /// <param name="path">The cassette file.</param>
    /// <param name="inner">The transport used when recording (default: Courier's <c>HttpTransport</c>).</param>
    /// <param name="options">Mode, matching, filters.</param>
    public static Recorder Open(string path, HttpMessageHandler? inner = null, RecorderOptions? options = null)
    {
        var cassette = Cassette.Load(path, options?.LoadOptions) ?? new Cassette(path: path);
        return new Recorder(cassette.Path == path ? cassette : new Cassette(cassette.Interactions, path), inner, options);
    }

    /// <summary>The cassette being recorded into or replayed from.</summary>
    public Cassette Cassette { get; }

    /// <summary>The effective mode (after <c>COURIER_RECORD_MODE</c> and <c>CI</c>).</summary>
    public RecordMode Mode { get; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsIgnored(request.RequestUri))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var live = await Messages.CaptureAsync(request, cancellationToken).ConfigureAwait(false);
        var requestFindings = new List<string>();
        var filtered = _filters.Filter(live);
        filtered = _options.RewriteLeftoverSecrets ? _leftovers.Rewrite(filtered, Cassette.Interactions.Count, requestFindings) : filtered;
        var snapshot = InteractionPatterns.Snapshot(filtered);
        if (Mode != RecordMode.All)
        {
            Interaction? found;
            bool playedBefore;
            lock (_gate)
            {
                found = _finder.Find(snapshot);
                playedBefore = found is null && _finder.MatchesPlayed(snapshot);
            }

            if (found is not null)
            {
                if (_options.ReplayWithRecordedLatency && found.Response.Elapsed is { } latency && latency > TimeSpan.Zero)
                {
                    await Task.Delay(latency, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }

                return Messages.Build(_filters.Restore(found.Response), request);
            }

            if (!_mayRecord)
            {
                string report;
                var name = Cassette.Path ?? Cassette.Name;
                lock (_gate)
                {
                    report = MismatchReport.Describe(name, Mode, filtered, snapshot, _finder.Closest(snapshot, 3), playedBefore, _patterns);
                }

                throw new CassetteMismatchException(name, filtered, report);
            }
        }

        return await RecordAsync(request, filtered, requestFindings, cancellationToken).ConfigureAwait(false);
    }

    private bool IsIgnored(Uri? uri)
    {
        if (uri is null)
        {
            return false;
        }

        if (_options.IgnoreLocalhost && (uri.IsLoopback || uri.Host is "0.0.0.0"))
        {
            return true;
        }

        return _options.IgnoreHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _saveGate.Dispose();
        }

        base.Dispose(disposing);
    }
}
