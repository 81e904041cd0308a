using System.Reflection;

namespace Courier;

/// <summary>
/// The HTTP client: one object with sync and async methods, safe to share across threads and tasks.
/// It owns what httpx's client owns — the URL model (base URL joining, query merging), default headers, the cookie
/// jar, auth flows, redirects with history, event hooks, the read and write timeouts and the mapping of every
/// failure to a <see cref="CourierException"/> — over any transport (<see cref="ClientOptions.Transport"/>).
/// Its options are frozen when the first request is sent.
/// </summary>
public sealed partial class Client : IDisposable, IAsyncDisposable
{
    /// <summary>The <c>User-Agent</c> sent by default: <c>courier/&lt;version&gt;</c>.</summary>
    public static readonly string DefaultUserAgent = "courier/" +
        (typeof(Client).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    private readonly HttpMessageInvoker _invoker;

    // The network transport when it is the client's whole transport (no mounts): requests await its exchange directly.
    private readonly HttpTransport? _network;
    private readonly bool _ownsTransport;
    private ClientOptions _options;
    private readonly Headers _headers;
    private readonly UrlCache _urls = new();
    private int _started;
    private int _disposed;

    /// <summary>Creates a client with default options (a pooled <see cref="HttpTransport"/>).</summary>
    public Client()
        : this(new ClientOptions())
    {
    }

    /// <summary>Creates a client. Invalid options throw <see cref="ArgumentException"/> listing every problem.</summary>
    public Client(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _ownsTransport = options.Transport is null;
        var transport = MountTransport.Wrap(options, options.Transport ?? new HttpTransport(options), _ownsTransport);
        _invoker = new HttpMessageInvoker(transport, disposeHandler: _ownsTransport || transport is MountTransport);
        _network = transport as HttpTransport;
        _headers = BuildDefaultHeaders(options.Headers);
        Cookies = new Cookies();
        foreach (var (name, value) in options.Cookies ?? new Dictionary<string, string>())
        {
            Cookies.Set(name, value);
        }
    }

    /// <summary>The options this client was created with (with any changes made before the first request).</summary>
    public ClientOptions Settings => _options;

    /// <summary>The cookie jar: filled from every response's <c>Set-Cookie</c>, sent by domain and path rules.</summary>
    public Cookies Cookies { get; }

    /// <summary>
    /// The headers sent with every request (defaults plus <see cref="ClientOptions.Headers"/>). They may be changed
    /// until the first request; from then on a change throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public Headers Headers => _headers;

    /// <summary>The base URL; settable until the first request.</summary>
    public Uri? BaseUrl
    {
        get => _options.BaseUrl;
        set => Change(_options with { BaseUrl = value });
    }

    /// <summary>The client's timeouts; settable until the first request.</summary>
    public Timeouts Timeouts
    {
        get => _options.Timeouts;
        set => Change(_options with { Timeouts = value ?? throw new ArgumentNullException(nameof(value)) });
    }

    /// <summary>Whether redirects are followed; settable until the first request.</summary>
    public bool FollowRedirects
    {
        get => _options.FollowRedirects;
        set => Change(_options with { FollowRedirects = value });
    }

    /// <summary>The client's auth flow; settable until the first request.</summary>
    public Auth? Auth
    {
        get => _options.Auth;
        set => Change(_options with { Auth = value });
    }

    /// <summary>The event hooks; settable until the first request.</summary>
    public EventHooks? EventHooks
    {
        get => _options.EventHooks;
        set => Change(_options with { EventHooks = value });
    }

    /// <summary>Whether the first request was sent (from then on the options cannot change).</summary>
    public bool IsStarted => Volatile.Read(ref _started) == 1;

    /// <summary>Closes the connection pool of a transport the client created; a given transport is left open.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _invoker.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Change(ClientOptions changed)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (IsStarted)
        {
            throw new InvalidOperationException("The client's options are frozen once the first request has been sent; create another Client (or set per-request RequestOptions) instead.");
        }

        changed.Validate();
        _options = changed;
    }

    private void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (Volatile.Read(ref _started) == 0 && Interlocked.Exchange(ref _started, 1) == 0)
        {
            _headers.MakeReadOnly();
        }
    }

    private static Headers BuildDefaultHeaders(Headers? custom)
    {
        var defaults = new Headers
        {
            { "User-Agent", DefaultUserAgent },
            { "Accept", "*/*" },
            { "Accept-Encoding", "gzip, deflate, br" },
        };
        return defaults.Merge(custom);
    }
}
