namespace Courier.Recorder;

/// <summary>
/// What a live request must share with a recorded one to replay it; each flag becomes a matcher of the shared engine
/// (<c>Courier.Mocking.Matching</c>) built from the recorded request. The default is vcrpy's.
/// </summary>
[Flags]
public enum MatchOn
{
    /// <summary>Nothing (every request matches the next unplayed interaction).</summary>
    None = 0,

    /// <summary>The HTTP method.</summary>
    Method = 1,

    /// <summary>The URI scheme (http, https).</summary>
    Scheme = 2,

    /// <summary>The host, case-insensitive.</summary>
    Host = 4,

    /// <summary>The port (explicit or the scheme's default).</summary>
    Port = 8,

    /// <summary>The path, exactly.</summary>
    Path = 16,

    /// <summary>The query parameters, percent-decoded, in any order (duplicates count).</summary>
    Query = 32,

    /// <summary>The raw body bytes.</summary>
    Body = 64,

    /// <summary>The body as JSON, by structure (member order and whitespace ignored, numbers by value), as <c>MockRoute.WithJsonBody</c>; falls back to raw bytes when the recorded body is not JSON.</summary>
    JsonBody = 128,

    /// <summary>The default: method, scheme, host, port, path and query.</summary>
    Default = Method | Scheme | Host | Port | Path | Query,
}

/// <summary>
/// A custom matching rule over the live and the recorded request, shown by <paramref name="Name"/> in mismatch
/// reports (for a matcher of the shared engine, use <see cref="RecorderOptions.PatternMatchers"/>).
/// </summary>
/// <param name="Name">A short name.</param>
/// <param name="Matches">Whether the live request (first) matches the recorded one (second); both are already filtered.</param>
public sealed record InteractionMatcher(string Name, Func<RecordedRequest, RecordedRequest, bool> Matches);
