namespace Courier;

/// <summary>
/// Routes each request to the transport mounted for its URL (<see cref="ClientOptions.Mounts"/>, httpx's
/// <c>mounts</c>): the most specific matching pattern wins, and an unmatched URL goes to the default transport.
/// Only a default transport the router was told it owns is disposed with it; mounted transports belong to the caller.
/// </summary>
internal sealed class MountTransport : HttpMessageHandler
{
    private readonly (MountPattern Pattern, HttpMessageInvoker Invoker)[] _mounts;
    private readonly HttpMessageInvoker _default;

    public MountTransport(IReadOnlyDictionary<string, HttpMessageHandler> mounts, HttpMessageHandler fallback, bool ownsFallback)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        _mounts = mounts
            .Select(m => (Pattern: new MountPattern(m.Key), Invoker: new HttpMessageInvoker(m.Value ?? throw new ArgumentException($"The mount '{m.Key}' has no transport.", nameof(mounts)), disposeHandler: false)))
            .OrderBy(m => m.Pattern.Priority)
            .ToArray();
        _default = new HttpMessageInvoker(fallback, disposeHandler: ownsFallback);
    }

    /// <summary>Wraps <paramref name="fallback"/> in a router when <paramref name="options"/> has mounts; else returns it.</summary>
    public static HttpMessageHandler Wrap(ClientOptions options, HttpMessageHandler fallback, bool ownsFallback) =>
        options.Mounts is { Count: > 0 } mounts ? new MountTransport(mounts, fallback, ownsFallback) : fallback;

    /// <summary>The invoker for <paramref name="url"/>.</summary>
    public HttpMessageInvoker Route(Uri? url)
    {
        if (url is not null)
        {
            foreach (var (pattern, invoker) in _mounts)
            {
                if (pattern.Matches(url))
                {
                    return invoker;
                }
            }
        }

        return _default;
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Route(request.RequestUri).SendAsync(request, cancellationToken);

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Route(request.RequestUri).Send(request, cancellationToken);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _default.Dispose();
        }

        base.Dispose(disposing);
    }
}
