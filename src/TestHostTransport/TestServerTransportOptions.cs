using System.Net;

namespace Courier.TestHost;

/// <summary>
/// How <see cref="TestServerTransport"/> presents requests to the app: the options of httpx's <c>ASGITransport</c>
/// (<c>raise_app_exceptions</c>, <c>root_path</c>, <c>client</c>) plus the HTTP version the app sees.
/// </summary>
public sealed record TestServerTransportOptions
{
    /// <summary>The defaults: raise app exceptions, no root path, client 127.0.0.1:123, the request's own HTTP version.</summary>
    public static TestServerTransportOptions Default { get; } = new();

    /// <summary>
    /// When true (the default, as in httpx), an exception thrown by the app reaches the caller as itself — from
    /// <c>SendAsync</c> when the response had not started, from the body read when it had. When false the caller sees
    /// what a real server sends: a <c>500</c> with an empty body before the response starts, and a body that ends early
    /// (<see cref="RemoteProtocolException"/> through Courier's client) after it started.
    /// </summary>
    public bool RaiseAppExceptions { get; init; } = true;

    /// <summary>
    /// The path the app is mounted under (httpx's <c>root_path</c>), e.g. <c>/api</c>: a request for <c>/api/users</c>
    /// reaches the app with <c>Request.PathBase</c> <c>/api</c> and <c>Request.Path</c> <c>/users</c>, as behind a
    /// reverse proxy with <c>UsePathBase</c>. Paths outside it reach the app unchanged. Null or empty: no root path.
    /// </summary>
    public string? RootPath { get; init; }

    /// <summary>The client's address and port as the app sees them (<c>Connection.RemoteIpAddress</c>/<c>RemotePort</c>); default 127.0.0.1:123, as in httpx.</summary>
    public IPEndPoint ClientAddress { get; init; } = new(IPAddress.Loopback, 123);

    /// <summary>
    /// The HTTP version every request is presented with (the app's <c>Request.Protocol</c>, the response's version):
    /// 1.0, 1.1, 2.0 or 3.0. Null (the default) keeps each request message's own version.
    /// </summary>
    public Version? HttpVersion { get; init; }

    /// <summary>
    /// The most request body bytes the app may read before <c>BadHttpRequestException</c> (413), as Kestrel's
    /// <c>MaxRequestBodySize</c> (default 30,000,000 bytes, Kestrel's default; null: no limit). The body is streamed,
    /// never buffered whole; the app may change the limit per request through <c>IHttpMaxRequestBodySizeFeature</c>.
    /// </summary>
    public long? MaxRequestBodySize { get; init; } = 30_000_000;

    /// <summary>
    /// The largest response header block the caller accepts, in KiB (1024 bytes), counted as on the wire
    /// (<c>name: value\r\n</c> per field line): SocketsHttpHandler's <c>MaxResponseHeadersLength</c>, with its default
    /// of 64. Above it the send fails with <see cref="HttpRequestException"/> whose
    /// <see cref="HttpRequestException.HttpRequestError"/> is <see cref="HttpRequestError.ConfigurationLimitExceeded"/>
    /// (Courier's client reports <see cref="RemoteProtocolException"/>) and the app sees <c>RequestAborted</c>.
    /// </summary>
    public int MaxResponseHeadersLength { get; init; } = 64;

    internal void Validate()
    {
        var errors = new List<string>();
        if (RootPath is { Length: > 0 } root && (root[0] != '/' || root.Contains('?', StringComparison.Ordinal) || root.Contains('#', StringComparison.Ordinal)))
        {
            errors.Add($"RootPath must start with '/' and hold no query or fragment (was '{root}').");
        }

        if (MaxRequestBodySize is < 0)
        {
            errors.Add($"MaxRequestBodySize must be 0 or more, or null for no limit (was {MaxRequestBodySize}).");
        }

        if (MaxResponseHeadersLength <= 0)
        {
            errors.Add($"MaxResponseHeadersLength must be at least 1 (KiB; SocketsHttpHandler's default is 64), was {MaxResponseHeadersLength}.");
        }

        if (ClientAddress is null)
        {
            errors.Add("ClientAddress must not be null (the default is 127.0.0.1:123).");
        }

        if (HttpVersion is not null && !TestServerTransport.IsSupported(HttpVersion))
        {
            errors.Add($"HttpVersion must be 1.0, 1.1, 2.0 or 3.0 (was {HttpVersion}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid TestServerTransportOptions:\n- " + string.Join("\n- ", errors), "options");
        }
    }
}
