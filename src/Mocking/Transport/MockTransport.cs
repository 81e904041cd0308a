using Courier.Mocking.Matching;

namespace Courier.Mocking;

/// <summary>
/// An in-process transport: every request is answered by code, never by the network. Add routes
/// (<c>mock.Get("/users/{id}").Respond(200, Body.Json(user))</c>), or, in httpx's simplest form, build it from a
/// function of <see cref="Request"/> to <see cref="Response"/>. It is an <see cref="HttpMessageHandler"/>, so the same
/// mock serves <see cref="Client"/>, a plain <see cref="HttpClient"/> and <c>IHttpClientFactory</c> clients. Each
/// mock holds its own routes and calls (no static state); it is safe to use from several threads.
/// </summary>
public sealed partial class MockTransport : HttpMessageHandler
{
    private readonly Func<Request, CancellationToken, ValueTask<Response>>? _handler;
    private readonly List<MockRoute> _routes = [];
    private readonly Lock _gate = new();
    private RouteIndex<MockRoute>? _index;
    private HttpMessageInvoker? _passThrough;

    /// <summary>A mock with no routes yet.</summary>
    public MockTransport(MockTransportOptions? options = null)
    {
        Options = options ?? new MockTransportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Options.RegexTimeout, TimeSpan.Zero, nameof(options));
        ArgumentNullException.ThrowIfNull(Options.TimeProvider, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxRecordedCalls, 1, nameof(options));
    }

    /// <summary>Answers every request with <paramref name="handler"/> (httpx's <c>MockTransport(handler)</c>).</summary>
    public MockTransport(Func<Request, Response> handler)
        : this()
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = (request, _) => ValueTask.FromResult(handler(request));
    }

    /// <summary>Answers every request with the asynchronous <paramref name="handler"/>.</summary>
    public MockTransport(Func<Request, CancellationToken, ValueTask<Response>> handler)
        : this()
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
    }

    /// <summary>Answers every request with the asynchronous <paramref name="handler"/>.</summary>
    public MockTransport(Func<Request, Task<Response>> handler)
        : this()
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = async (request, _) => await handler(request).ConfigureAwait(false);
    }

    /// <summary>The settings.</summary>
    public MockTransportOptions Options { get; }

    /// <summary>The routes, in the order added.</summary>
    public IReadOnlyList<MockRoute> Routes
    {
        get
        {
            lock (_gate)
            {
                return [.. _routes];
            }
        }
    }

    /// <summary>Adds a route with no conditions yet (it matches every request until you add some).</summary>
    public MockRoute Route()
    {
        if (_handler is not null)
        {
            throw new InvalidOperationException("This MockTransport answers with a function; create it with new MockTransport() to add routes.");
        }

        lock (_gate)
        {
            var route = new MockRoute(this, _routes.Count + 1);
            _routes.Add(route);
            _index = null;
            return route;
        }
    }

    /// <summary>Adds a route and configures its conditions: <c>mock.Route(r => r.Method("GET").PathTemplate("/users/{id}"))</c>.</summary>
    public MockRoute Route(Action<MockRoute> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var route = Route();
        configure(route);
        return route;
    }

    /// <summary>Adds a route for <paramref name="method"/> and a URL pattern (see <see cref="MockRoute.Url"/>).</summary>
    public MockRoute Route(string method, string url) => Route().Method(method).Url(url);

    /// <summary>A <c>GET</c> route for the URL pattern (a path, a template <c>/users/{id}</c>, a prefix <c>/api/*</c>, or an absolute URL).</summary>
    public MockRoute Get(string url) => Route("GET", url);

    /// <summary>A <c>POST</c> route.</summary>
    public MockRoute Post(string url) => Route("POST", url);

    /// <summary>A <c>PUT</c> route.</summary>
    public MockRoute Put(string url) => Route("PUT", url);

    /// <summary>A <c>PATCH</c> route.</summary>
    public MockRoute Patch(string url) => Route("PATCH", url);

    /// <summary>A <c>DELETE</c> route.</summary>
    public MockRoute Delete(string url) => Route("DELETE", url);

    /// <summary>A <c>HEAD</c> route.</summary>
    public MockRoute Head(string url) => Route("HEAD", url);

    /// <summary>A route for any method.</summary>
    public MockRoute Any(string url) => Route().Url(url);

    internal void Invalidate()
    {
        lock (_gate)
        {
            _index = null;
        }
    }

    private RouteIndex<MockRoute> Index()
    {
        var index = Volatile.Read(ref _index);
        if (index is not null)
        {
            return index;
        }

        lock (_gate)
        {
            var ordered = _routes.OrderBy(r => r.Priority).ThenBy(r => r.Number).ToArray();
            foreach (var route in ordered)
            {
                _ = route.Pattern;
            }

            return _index = new RouteIndex<MockRoute>(ordered, r => r.Pattern);
        }
    }

    private HttpMessageInvoker PassThroughInvoker =>
        _passThrough ??= new HttpMessageInvoker(Options.PassThrough!, disposeHandler: false);

    /// <summary>The mock owns nothing to release (the pass-through handler belongs to the caller), so it stays usable after disposal; <c>IHttpClientFactory</c> may dispose it when rotating handlers.</summary>
    protected override void Dispose(bool disposing) => base.Dispose(disposing);
}
