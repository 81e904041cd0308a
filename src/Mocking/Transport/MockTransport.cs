namespace Courier.Mocking;

/// <summary>
/// An in-process transport: every request is answered by code, never by the network. In its simplest form (httpx's
/// <c>MockTransport</c>) it is built from a function of <see cref="Request"/> to <see cref="Response"/>, sync or async.
/// It is an <see cref="HttpMessageHandler"/>, so it serves <see cref="Client"/> and a plain <see cref="HttpClient"/> alike.
/// </summary>
public partial class MockTransport : HttpMessageHandler
{
    private readonly Func<Request, CancellationToken, ValueTask<Response>>? _handler;

    /// <summary>Answers every request with <paramref name="handler"/>.</summary>
    public MockTransport(Func<Request, Response> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = (request, _) => ValueTask.FromResult(handler(request));
    }

    /// <summary>Answers every request with the asynchronous <paramref name="handler"/>.</summary>
    public MockTransport(Func<Request, CancellationToken, ValueTask<Response>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
    }

    /// <summary>Answers every request with the asynchronous <paramref name="handler"/>.</summary>
    public MockTransport(Func<Request, Task<Response>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = async (request, _) => await handler(request).ConfigureAwait(false);
    }

    /// <summary>For subclasses that answer by other means (routes).</summary>
    protected MockTransport()
    {
    }

    /// <summary>Answers one request. Subclasses with routes override this.</summary>
    protected virtual ValueTask<Response> HandleAsync(Request request, CancellationToken cancellationToken) =>
        _handler is null
            ? throw new InvalidOperationException("This MockTransport has no handler.")
            : _handler(request, cancellationToken);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var courierRequest = await RequestReader.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        var started = TimeProvider.System.GetTimestamp();
        var response = await HandleAsync(courierRequest, cancellationToken).ConfigureAwait(false);
        response.Request = courierRequest;
        _ = started;
        return response.ToHttpResponseMessage(request);
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();
}
