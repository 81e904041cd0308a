namespace Courier.Recorder;

/// <summary>How a <see cref="Recorder"/> records, matches, filters and replays. Secrets are redacted by default.</summary>
public sealed record RecorderOptions
{
    /// <summary>The headers redacted by default: credentials, cookies and common API-key headers.</summary>
    public static IReadOnlyList<string> DefaultRedactedHeaders { get; } =
    [
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token",
        "X-Amz-Security-Token", "Ocp-Apim-Subscription-Key", "X-Goog-Api-Key", "Private-Token", "X-Csrf-Token",
    ];

    /// <summary>Query parameter, form field and JSON member names whose values are secrets by default (OAuth and API-key names).</summary>
    public static IReadOnlyList<string> DefaultSecretNames { get; } =
    [
        "client_secret", "access_token", "refresh_token", "id_token", "api_key", "apikey", "api-key", "password",
        "private_token", "secret_key", "session_token", "x-api-key",
    ];

    /// <summary>The default options.</summary>
    public static RecorderOptions Default { get; } = new();

    /// <summary>The record mode; null means: <c>COURIER_RECORD_MODE</c> if set, else None when <c>CI=true</c>, else Once. <c>COURIER_RECORD_MODE</c> wins over this too.</summary>
    public RecordMode? Mode { get; init; }

    /// <summary>What a request must share with a recorded one (default: method, scheme, host, port, path, query).</summary>
    public MatchOn MatchOn { get; init; } = MatchOn.Default;

    /// <summary>Headers whose values must match too.</summary>
    public IReadOnlyList<string> MatchHeaders { get; init; } = [];

    /// <summary>Extra matching rules comparing the live request with the recorded one.</summary>
    public IReadOnlyList<InteractionMatcher> CustomMatchers { get; init; } = [];

    /// <summary>
    /// Extra conditions from the shared matching engine (<c>Courier.Mocking.Matching</c>), built once per recorded
    /// request: e.g. <c>recorded =&gt; new JsonPathMatcher("$.user")</c> or a cookie <c>NamedValueMatcher</c>. They must
    /// be synchronous (the recorder matches under its lock).
    /// </summary>
    public IReadOnlyList<Func<RecordedRequest, Courier.Mocking.Matching.RequestMatcher>> PatternMatchers { get; init; } = [];

    /// <summary>Let a recorded interaction replay more than once (by default each replays once, in order).</summary>
    public bool AllowPlaybackRepeats { get; init; }

    /// <summary>Headers whose values are replaced by <see cref="RedactedValue"/> before recording (and before matching). Set to [] to opt out.</summary>
    public IReadOnlyList<string> RedactHeaders { get; init; } = DefaultRedactedHeaders;

    /// <summary>Headers removed entirely before recording.</summary>
    public IReadOnlyList<string> RemoveHeaders { get; init; } = [];

    /// <summary>Query parameters whose values are replaced by <see cref="RedactedValue"/>.</summary>
    public IReadOnlyList<string> FilterQueryParameters { get; init; } = [];

    /// <summary>Form fields (<c>application/x-www-form-urlencoded</c> request bodies) whose values are replaced.</summary>
    public IReadOnlyList<string> FilterFormFields { get; init; } = [];

    /// <summary>JSON members (at any depth, request and response bodies) whose values are replaced.</summary>
    public IReadOnlyList<string> FilterJsonMembers { get; init; } = [];

    /// <summary>Placeholder → real value: the value is written as the placeholder and put back on replay (Ruby VCR's filter_sensitive_data).</summary>
    public IReadOnlyDictionary<string, string> Placeholders { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Rewrite leftover secrets to <see cref="RedactedValue"/> (on by default): after the filters and hooks, before an
    /// interaction is saved, and in memory when a cassette is loaded — URL userinfo, values of <see cref="RedactHeaders"/>,
    /// parameters, form fields and JSON members named in <see cref="SecretNames"/>, and bearer tokens, JWTs and cloud
    /// keys anywhere in headers, URLs and text bodies. Live requests get the same rewrite before matching.
    /// </summary>
    public bool RewriteLeftoverSecrets { get; init; } = true;

    /// <summary>Query parameters, form fields and JSON members (case-insensitive names) rewritten as leftover secrets.</summary>
    public IReadOnlyList<string> SecretNames { get; init; } = DefaultSecretNames;

    /// <summary>The text that replaces a redacted value.</summary>
    public string RedactedValue { get; init; } = "REDACTED";

    /// <summary>Last chance to change a request before it is recorded; return null to not record the interaction.</summary>
    public Func<RecordedRequest, RecordedRequest?>? BeforeRecordRequest { get; init; }

    /// <summary>Last chance to change a response before it is recorded; return null to not record the interaction.</summary>
    public Func<RecordedResponse, RecordedResponse?>? BeforeRecordResponse { get; init; }

    /// <summary>Hosts whose traffic passes straight to the inner handler, neither recorded nor replayed.</summary>
    public IReadOnlyList<string> IgnoreHosts { get; init; } = [];

    /// <summary>Pass localhost, 127.0.0.0/8 and ::1 straight through (off by default).</summary>
    public bool IgnoreLocalhost { get; init; }

    /// <summary>Record gzip/deflate/br responses decoded (and drop Content-Encoding); by default they are kept as sent.</summary>
    public bool DecodeCompressedResponse { get; init; }

    /// <summary>Record how long each response took (<c>elapsed_ms</c> inside <c>response</c>).</summary>
    public bool RecordElapsed { get; init; }

    /// <summary>On replay, wait the recorded <c>elapsed_ms</c> before returning the response (uses <see cref="TimeProvider"/>).</summary>
    public bool ReplayWithRecordedLatency { get; init; }

    /// <summary>
    /// What to do when a loaded cassette still holds secret-looking values (see docs/recording.md): true throws
    /// <see cref="CassetteSecretsException"/>, false warns; null (default) throws when <c>CI=true</c> or
    /// <see cref="CassetteLoadOptions.Strict"/>, and otherwise warns. Either way the loaded cassette is sanitized in
    /// memory first (see <see cref="RewriteLeftoverSecrets"/>); the file is unchanged.
    /// </summary>
    public bool? FailOnSecretsInCassette { get; init; }

    /// <summary>Called with a warning when a value that looks like a secret (bearer token, JWT, cloud key) is about to be recorded.</summary>
    public Action<string>? OnWarning { get; init; }

    /// <summary>Reads environment variables (<c>CI</c>, <c>COURIER_RECORD_MODE</c>); tests inject their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The clock for <c>recorded_at</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Limits for loading the cassette.</summary>
    public CassetteLoadOptions LoadOptions { get; init; } = CassetteLoadOptions.Default;

    /// <summary>Lock wait for saving the cassette.</summary>
    public CassetteSaveOptions SaveOptions { get; init; } = CassetteSaveOptions.Default;
}
