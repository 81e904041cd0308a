using System.Security.Cryptography.X509Certificates;
using Courier.Mocking.Server;
using Microsoft.AspNetCore.Builder;

namespace Courier.Mocking;

/// <summary>
/// A real stub server on Kestrel, bound to 127.0.0.1: for tests that need sockets (another process or language, a
/// proxy, TLS, HTTP/2, a fault on the wire). Stubs are added with the same API as <see cref="MockTransport"/>'s
/// routes (<c>server.Get("/users/{id}").Respond(200, Body.Json(user))</c>) and matched by the same engine; WireMock
/// JSON mappings load from a folder (<see cref="MockServerOptions.MappingsDirectory"/>, <see cref="LoadMappings"/>).
/// An unmatched request gets 404 with WireMock's "Request was not matched" report. Dispose it to stop it.
/// </summary>
public sealed partial class MockServer : IAsyncDisposable
{
    private readonly MockTransport _stubs;
    private readonly WebApplication _app;
    private HttpMessageInvoker? _proxy;
    private int _disposed;

    private MockServer(MockServerOptions options, WebApplication app, Uri url, X509Certificate2? ca, X509Certificate2? certificate, RejectionLog rejections)
    {
        _rejections = rejections;
        Options = options;
        _app = app;
        Url = url;
        CaCertificate = ca;
        Certificate = certificate;
        _stubs = new MockTransport(new MockTransportOptions
        {
            RegexTimeout = options.RegexTimeout,
            TimeProvider = options.TimeProvider,
            MaxRecordedCalls = options.MaxRecordedCalls,
            NearMissCount = options.NearMissCount,
        });
        _journal = new RequestJournal(options.MaxJournalEntries, options.MaxJournalBodyBytes, options.MaxJournalEntryBodyBytes);
    }

    /// <summary>The settings.</summary>
    public MockServerOptions Options { get; }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The port the server listens on.</summary>
    public int Port => Url.Port;

    /// <summary>With HTTPS and a generated certificate: the CA (public part) that signed it; trust it in the client. Null otherwise.</summary>
    public X509Certificate2? CaCertificate { get; }

    /// <summary>With HTTPS: the server certificate in use (given or generated). Null otherwise.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The stubs, in the order added.</summary>
    public IReadOnlyList<MockRoute> Stubs => _stubs.Routes;

    /// <summary>Starts a server; <c>await using var server = await MockServer.StartAsync();</c>.</summary>
    public static async Task<MockServer> StartAsync(MockServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MockServerOptions();
        options.Validate();
        X509Certificate2? ca = null;
        var certificate = options.Certificate;
        if (options.Https && certificate is null)
        {
            (ca, certificate) = ServerCertificate.Generate(options.TimeProvider);
        }

        MockServer? self = null;
        var rejections = new RejectionLog((status, reason) => self?.JournalRejected(status, reason));
        var app = KestrelHost.Build(options, certificate, context => self!.HandleAsync(context), rejections);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            self = new MockServer(options, app, KestrelHost.BoundUrl(app, options), ca, options.Https ? certificate : null, rejections);
            if (options.MappingsDirectory is { } directory)
            {
                self.LoadMappings(directory);
            }

            return self;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The absolute URL of <paramref name="pathAndQuery"/> on this server.</summary>
    public Uri At(string pathAndQuery) => new(Url, pathAndQuery);

    /// <summary>Adds a stub with no conditions yet (it matches every request until you add some).</summary>
    public MockRoute Route() => _stubs.Route();

    /// <summary>Adds a stub and configures its conditions.</summary>
    public MockRoute Route(Action<MockRoute> configure) => _stubs.Route(configure);

    /// <summary>Adds a stub for <paramref name="method"/> and a URL pattern (see <see cref="MockRoute.Url"/>).</summary>
    public MockRoute Route(string method, string url) => _stubs.Route(method, url);

    /// <summary>A <c>GET</c> stub.</summary>
    public MockRoute Get(string url) => _stubs.Get(url);

    /// <summary>A <c>POST</c> stub.</summary>
    public MockRoute Post(string url) => _stubs.Post(url);

    /// <summary>A <c>PUT</c> stub.</summary>
    public MockRoute Put(string url) => _stubs.Put(url);

    /// <summary>A <c>PATCH</c> stub.</summary>
    public MockRoute Patch(string url) => _stubs.Patch(url);

    /// <summary>A <c>DELETE</c> stub.</summary>
    public MockRoute Delete(string url) => _stubs.Delete(url);

    /// <summary>A <c>HEAD</c> stub.</summary>
    public MockRoute Head(string url) => _stubs.Head(url);

    /// <summary>A stub for any method.</summary>
    public MockRoute Any(string url) => _stubs.Any(url);

    private HttpMessageInvoker ProxyInvoker
    {
        get
        {
            var invoker = Volatile.Read(ref _proxy);
            if (invoker is not null)
            {
                return invoker;
            }

            var created = new HttpMessageInvoker(Options.ProxyTargets().Handler());
            var existing = Interlocked.CompareExchange(ref _proxy, created, null);
            if (existing is not null)
            {
                created.Dispose();
                return existing;
            }

            return created;
        }
    }

    /// <summary>Stops the server (open connections are closed after at most five seconds).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _stubs.Dispose();
            _proxy?.Dispose();
        }
    }
}
