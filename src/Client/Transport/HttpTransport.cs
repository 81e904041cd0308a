using System.Net;

namespace Courier;

/// <summary>
/// The network transport: an <see cref="HttpMessageHandler"/> over <see cref="SocketsHttpHandler"/>, configured from
/// <see cref="ClientOptions"/>. It does transport work only — no redirects, no cookies, no decompression (the client
/// does those the same way over every transport) — and owns what belongs to connections: the pool limit and pool
/// timeout, the connect timeout (TCP and TLS), connection retries, TLS trust, proxies, Unix sockets and the local
/// address. It also works under a plain <see cref="HttpClient"/>. See <c>docs/transport.md</c>.
/// </summary>
public sealed partial class HttpTransport : DelegatingHandler
{
    private readonly ClientOptions _options;
    private readonly ConnectionPermits _permits;
    private readonly ProxySelector? _proxy;

    /// <summary>Creates a transport with default options.</summary>
    public HttpTransport()
        : this(new ClientOptions())
    {
    }

    /// <summary>Creates a transport from the transport half of <paramref name="options"/>.</summary>
    public HttpTransport(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _permits = new ConnectionPermits(options.Limits.MaxConnections);
        _proxy = ProxySelector.Create(options, Environment.GetEnvironmentVariable);
        InnerHandler = CreateHandler(options, _proxy);
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        return ExchangeAsync(request, cancellationToken).AsTask();
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    private static async Task WaitForPermitAsync(ConnectionPermits.Origin origin, TransportState state, CancellationToken cancellationToken)
    {
        // Waiting for a free connection is the pool phase: the client's read clock is paused meanwhile.
        var phase = state.Timer?.Suspend();
        if (!await origin.Slots.WaitAsync(state.Timeouts.Pool, cancellationToken).ConfigureAwait(false))
        {
            throw new PoolTimeoutException(
                $"No connection to {Describe(state)} became free within the pool timeout of {RequestTimer.Format(state.Timeouts.Pool)}: all {origin.Max} connections (Limits.MaxConnections) were busy. Dispose streamed responses when done, or raise Limits.MaxConnections or Timeouts.Pool.",
                state.Request);
        }

        state.Timer?.Resume(phase!.Value);
    }

    private static bool HasNoBody(HttpRequestMessage request, HttpResponseMessage response) =>
        request.Method == HttpMethod.Head
        || response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified
        || response.Content.Headers.ContentLength == 0;

    /// <summary>This request's transport state, made and attached on first use.</summary>
    private TransportState StateOf(HttpRequestMessage request)
    {
        if (TransportState.Of(request) is { } state)
        {
            return state;
        }

        // A connect attempt can outlive its request (it runs on for the pool): the lock keeps one state per request.
        lock (request)
        {
            if (TransportState.Of(request) is { } raced)
            {
                return raced;
            }

            var timer = CourierRequestMessage.TimerOf(request);
            CourierRequestMessage.TryGetRequest(request, out var courierRequest);
            state = new TransportState(timer, courierRequest, timer?.Timeouts ?? _options.Timeouts);
            TransportState.Attach(request, state);
            return state;
        }
    }

    private static string Describe(TransportState state) => state.Request is { } r ? $"{r.Url.Host}:{r.Url.Port}" : "the server";

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete
        || method == HttpMethod.Options || method == HttpMethod.Trace;

    private void ApplyVersion(HttpRequestMessage request)
    {
        if (_options.Http2 && !_options.Http1)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        else if (_options.Http2 && request.RequestUri?.Scheme == Uri.UriSchemeHttps)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        else
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }

    private SocketsHttpHandler CreateHandler(ClientOptions options, ProxySelector? proxy)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,

            // The connect deadline (TCP and TLS, per request) is enforced in ConnectAsync.
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            ConnectCallback = ConnectAsync,
            PlaintextStreamFilter = FilterPlaintext,
            MaxConnectionsPerServer = options.Limits.MaxConnections,
            PooledConnectionIdleTimeout = options.Limits.KeepAliveExpiry,
            EnableMultipleHttp2Connections = false,
            UseProxy = proxy is not null,
            Proxy = proxy,

            // The client's head limit, in the handler's unit (KiB, rounded up); the client sums it over redirect chains.
            MaxResponseHeadersLength = (options.MaxResponseHeadersLength + 1023) / 1024,
        };
        ConfigureTls(handler.SslOptions, options);
        return handler;
    }
}
