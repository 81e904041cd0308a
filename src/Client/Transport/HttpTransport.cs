using System.Net;

namespace Courier;

/// <summary>
/// The network transport: an <see cref="HttpMessageHandler"/> over <see cref="SocketsHttpHandler"/>, configured from
/// <see cref="ClientOptions"/>. It does transport work only — no redirects, no cookies, no decompression (the client
/// does those the same way over every transport) — and owns the connect and pool timeouts.
/// </summary>
public sealed class HttpTransport : DelegatingHandler
{
    private readonly ClientOptions _options;

    /// <summary>Creates a transport with default options.</summary>
    public HttpTransport()
        : this(new ClientOptions())
    {
    }

    /// <summary>Creates a transport from the transport half of <paramref name="options"/>.</summary>
    public HttpTransport(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        InnerHandler = CreateHandler(options);
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ApplyVersion(request);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void ApplyVersion(HttpRequestMessage request)
    {
        if (_options.Http2 && !_options.Http1)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        else if (_options.Http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = request.RequestUri?.Scheme == "https" ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact;
            if (request.RequestUri?.Scheme == "http")
            {
                request.Version = HttpVersion.Version11;
            }
        }
        else
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }

    private static SocketsHttpHandler CreateHandler(ClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Timeouts.Connect,
            MaxConnectionsPerServer = options.Limits.MaxConnections,
            PooledConnectionIdleTimeout = options.Limits.KeepAliveExpiry,
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy is null ? null : new WebProxy(options.Proxy),
        };
        if (!options.Verify)
        {
#pragma warning disable CA5359 // Verify = false is the caller's explicit choice (httpx's verify=False).
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return handler;
    }
}
