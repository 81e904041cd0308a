using System.Text.Json;

namespace Courier;

/// <summary>
/// Everything a <see cref="Client"/> is configured with, validated once when the client is created.
/// Transport settings (HTTP/2, TLS, proxies, limits, retries) are in the other half of this record.
/// </summary>
public sealed partial record ClientOptions
{
    /// <summary>System.Text.Json's web defaults (camelCase names, case-insensitive reading): used when no options are set.</summary>
    public static JsonSerializerOptions DefaultJsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The URL relative request URLs are joined to (see <see cref="Client"/> for the joining rule).</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Headers sent with every request, over the defaults (<c>User-Agent</c>, <c>Accept</c>, <c>Accept-Encoding</c>).</summary>
    public Headers? Headers { get; init; }

    /// <summary>Query parameters added to every request.</summary>
    public QueryParams? Params { get; init; }

    /// <summary>Cookies put in the client's jar at start, sent to every host.</summary>
    public IReadOnlyDictionary<string, string>? Cookies { get; init; }

    /// <summary>The auth flow for every request (a request may set its own).</summary>
    public Auth? Auth { get; init; }

    /// <summary>The four timeouts (default 5 s each).</summary>
    public Timeouts Timeouts { get; init; } = Timeouts.Default;

    /// <summary>Whether redirects are followed (default false, as in httpx).</summary>
    public bool FollowRedirects { get; init; }

    /// <summary>The most redirects followed before <see cref="TooManyRedirectsException"/> (default 20).</summary>
    public int MaxRedirects { get; init; } = 20;

    /// <summary>
    /// Whether a redirect from https to plain http is followed (default false). When false, such a redirect is not
    /// followed: the 3xx response is returned with <see cref="Response.NextRequest"/> set, so nothing is sent in clear
    /// text unless the caller sends that request itself. When true, it is followed without credentials (httpx's
    /// behaviour): <c>Authorization</c>, <c>Proxy-Authorization</c> and <c>Cookie</c> are dropped.
    /// </summary>
    public bool AllowDowngradeRedirects { get; init; }

    /// <summary>
    /// The most bytes of response headers (names, values and line ends) one request accepts (default 64 KiB, the
    /// limit of .NET's HTTP stack): a single response head over it, or the heads of a redirect chain that add up to more,
    /// throw <see cref="RemoteProtocolException"/> whose inner <see cref="HttpRequestException"/> has
    /// <see cref="HttpRequestError.ConfigurationLimitExceeded"/>.
    /// </summary>
    public int MaxResponseHeadersLength { get; init; } = 64 * 1024;

    /// <summary>Callbacks on every request and response hop.</summary>
    public EventHooks? EventHooks { get; init; }

    /// <summary>
    /// The transport every request goes through (any <see cref="HttpMessageHandler"/>: <c>MockTransport</c>,
    /// <c>TestServerTransport</c>, a recorder). When null, an <see cref="HttpTransport"/> is built from these options.
    /// The client does not dispose a transport it was given.
    /// </summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>Options for JSON bodies and <see cref="Response.Json{T}"/>; <see cref="DefaultJsonOptions"/> when null.</summary>
    public JsonSerializerOptions? JsonOptions { get; init; }

    /// <summary>The most bytes a compressed body may decode to before <see cref="DecodingException"/> (null: no limit).</summary>
    public long? MaxDecodedBodySize { get; init; }

    /// <summary>The clock for <see cref="Response.Elapsed"/> and timers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        var errors = new List<string>();
        if (MaxRedirects < 0)
        {
            errors.Add($"MaxRedirects must be 0 or more (was {MaxRedirects}).");
        }

        if (MaxResponseHeadersLength < 1024)
        {
            errors.Add($"MaxResponseHeadersLength must be at least 1024 bytes (was {MaxResponseHeadersLength}).");
        }

        if (BaseUrl is { IsAbsoluteUri: false })
        {
            errors.Add($"BaseUrl must be absolute (was '{BaseUrl}').");
        }
        else if (BaseUrl is not null && BaseUrl.Scheme is not ("http" or "https"))
        {
            errors.Add($"BaseUrl must be http or https (was '{BaseUrl}').");
        }

        if (MaxDecodedBodySize is <= 0)
        {
            errors.Add($"MaxDecodedBodySize must be positive (was {MaxDecodedBodySize}).");
        }

        ValidateTransport(errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ClientOptions:\n- " + string.Join("\n- ", errors), "options");
        }
    }

    partial void ValidateTransport(List<string> errors);
}
