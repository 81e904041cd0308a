using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace Courier.TestHost;

/// <summary>
/// Sends requests straight into an ASP.NET Core app hosted on a <see cref="TestServer"/>, in-process, with no socket:
/// the mirror of httpx's <c>ASGITransport</c>. It is an <see cref="HttpMessageHandler"/>, so it works under Courier's
/// <see cref="Client"/> (redirects, cookies, auth, hooks, timeouts and typed errors behave as over the network) and
/// under a plain <see cref="HttpClient"/>. Responses stream (headers arrive when the app flushes them, endless
/// server-sent events can be read and stopped), request bodies stream into the app, cancellation and timeouts fire the
/// app's <c>RequestAborted</c>, and where <see cref="TestServer"/> differs from Kestrel it behaves like Kestrel: a HEAD
/// response has no body, a body that disagrees with its <c>Content-Length</c> fails, the request's HTTP version is the
/// app's <c>Request.Protocol</c>.
/// </summary>
public sealed partial class TestServerTransport : HttpMessageHandler
{
    private static readonly HttpRequestOptionsKey<bool> SentKey = new("courier.testhost.sent");
    private readonly TestServer _server;
    private readonly TestServerTransportOptions _options;
    private readonly UrlParts.Cache _urlParts;
    private readonly InFlightTracker _inFlight;
    private readonly Action<HttpContext> _present;
    [ThreadStatic]
    private static HttpRequestMessage? t_message;
    [ThreadStatic]
    private static InFlightRequest? t_flight;
    private int _disposed;

    /// <summary>Creates a transport into the app on <paramref name="server"/>.</summary>
    /// <param name="server">The test server; the transport does not dispose it.</param>
    /// <param name="options">How requests are presented to the app; <see cref="TestServerTransportOptions.Default"/> when null.</param>
    public TestServerTransport(TestServer server, TestServerTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= TestServerTransportOptions.Default;
        options.Validate();
        _server = server;
        _options = options;
        var rootPath = string.IsNullOrEmpty(options.RootPath) ? PathString.Empty : new PathString(options.RootPath.TrimEnd('/'));
        var serverPathBase = server.BaseAddress is { } baseAddress ? new PathString(PathString.FromUriComponent(baseAddress).Value?.TrimEnd('/')) : PathString.Empty;
        _urlParts = new UrlParts.Cache(serverPathBase, rootPath);
        _inFlight = new InFlightTracker(server);
        _present = PresentCurrent;
    }

    /// <summary>Creates a transport into a started <see cref="IHost"/> (or <c>WebApplication</c>) that uses the test server (<c>UseTestServer()</c>).</summary>
    /// <param name="host">The started host; the transport does not dispose it.</param>
    /// <param name="options">How requests are presented to the app; <see cref="TestServerTransportOptions.Default"/> when null.</param>
    public TestServerTransport(IHost host, TestServerTransportOptions? options = null)
        : this(GetServer(host), options)
    {
    }

    /// <summary>The options requests are presented with.</summary>
    public TestServerTransportOptions Options => _options;

    /// <summary>The test server the app runs on.</summary>
    public TestServer Server => _server;

    /// <summary>Requests whose app may still be running (for tests).</summary>
    internal int InFlightCount => _inFlight.Count;

    internal static bool IsSupported(Version version) =>
        version == HttpVersion.Version10 || version == HttpVersion.Version11 || version == HttpVersion.Version20 || version == HttpVersion.Version30;

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (request.RequestUri is not { IsAbsoluteUri: true } uri || uri.Scheme is not ("http" or "https"))
        {
            throw new NotSupportedException($"TestServerTransport sends absolute http or https URLs only (was '{request.RequestUri}'); set a BaseUrl such as http://localhost.");
        }

        if (!MarkSent(request))
        {
            throw new InvalidOperationException("The request message was already sent. Cannot send the same request message multiple times; build a new HttpRequestMessage for each send.");
        }

        ValidateHeaders(request);
        ApplyVersion(request);
        return SendCoreAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
#pragma warning disable CA2025 // The task completes before this method returns.
        return SendAsync(request, cancellationToken).GetAwaiter().GetResult();
#pragma warning restore CA2025
    }

    /// <summary>Aborts the requests still in flight through this transport (the app sees <c>RequestAborted</c>); the server stays up.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _inFlight.Dispose();
        }

        base.Dispose(disposing);
    }

    internal static TestServer GetServer(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            return host.GetTestServer();
        }
        catch (Exception ex) when (ex is InvalidCastException or InvalidOperationException)
        {
            throw new ArgumentException("The host does not use the test server: call builder.WebHost.UseTestServer() (or webHost.UseTestServer()) before building it, then start it.", nameof(host), ex);
        }
    }

    private void ApplyVersion(HttpRequestMessage request)
    {
        if (_options.HttpVersion is { } version)
        {
            request.Version = version;
        }

        if (!IsSupported(request.Version))
        {
            throw new NotSupportedException($"HTTP/{request.Version} cannot be sent in-process; TestServerTransport presents HTTP/1.0, 1.1, 2.0 and 3.0 requests.");
        }
    }

    /// <summary>
    /// Marks a message sent; false when it already was (TestServer has no such guard). Courier's own messages carry the
    /// mark in a field. Others get a bit of their own in the message's send status (which HttpClient's own "already sent"
    /// check also reads, so a message sent here cannot go out again through an HttpClient either); should that private
    /// field ever be missing, an entry in the message's options (a dictionary per message, hence not the first choice).
    /// </summary>
    private static bool MarkSent(HttpRequestMessage request)
    {
        if (request is CourierRequestMessage courier)
        {
            return courier.MarkSent();
        }

        if (SendStatusAvailable)
        {
            return (Interlocked.Or(ref SendStatus(request), SentInProcess) & SentInProcess) == 0;
        }

        lock (request)
        {
            return request.Options.TryAdd(SentKey.Key, true);
        }
    }

    private const int SentInProcess = 0x100;

    private static readonly bool SendStatusAvailable = ProbeSendStatus();

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_sendStatus")]
    private static extern ref int SendStatus(HttpRequestMessage message);

    private static bool ProbeSendStatus()
    {
        try
        {
            using var probe = new HttpRequestMessage();
            return SendStatus(probe) == 0;
        }
        catch (MissingFieldException)
        {
            return false;
        }
    }

    private static void ValidateHeaders(HttpRequestMessage request)
    {
        // There is no wire to reject CR, LF or NUL, so run the client's validator (the network transport refuses them too).
        // Courier's client built its message from headers validated on entry: only its body's headers are checked.
        CourierRequestMessage.TryGetRequest(request, out var courierRequest);
        try
        {
            if (request is not CourierRequestMessage { Request.Headers.AllValidated: true })
            {
                Validate(request.Headers.NonValidated);
            }

            if (request.Content is not null)
            {
                Validate(request.Content.Headers.NonValidated);
            }
        }
        catch (LocalProtocolException ex) when (courierRequest is not null)
        {
            ex.Request ??= courierRequest;
            throw;
        }

        static void Validate(HttpHeadersNonValidated headers)
        {
            foreach (var (name, values) in headers)
            {
                HeaderValidation.ValidateName(name);
                foreach (var value in values)
                {
                    HeaderValidation.ValidateValue(name, value);
                }
            }
        }
    }
}
