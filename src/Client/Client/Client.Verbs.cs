namespace Courier;

public sealed partial class Client
{
    /// <summary>Sends a GET request and reads the whole response body.</summary>
    public Task<Response> GetAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        SendKnownAsync("GET", url, null, options, cancellationToken);

    /// <summary>Sends a GET request and reads the whole response body (sync).</summary>
    public Response Get(string url, RequestOptions? options = null) => Request("GET", url, null, options);

    /// <summary>Sends a HEAD request and reads the whole response body.</summary>
    public Task<Response> HeadAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        SendKnownAsync("HEAD", url, null, options, cancellationToken);

    /// <summary>Sends a HEAD request and reads the whole response body (sync).</summary>
    public Response Head(string url, RequestOptions? options = null) => Request("HEAD", url, null, options);

    /// <summary>Sends a OPTIONS request and reads the whole response body.</summary>
    public Task<Response> OptionsAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        SendKnownAsync("OPTIONS", url, null, options, cancellationToken);

    /// <summary>Sends a OPTIONS request and reads the whole response body (sync).</summary>
    public Response Options(string url, RequestOptions? options = null) => Request("OPTIONS", url, null, options);

    /// <summary>Sends a DELETE request and reads the whole response body.</summary>
    public Task<Response> DeleteAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        SendKnownAsync("DELETE", url, null, options, cancellationToken);

    /// <summary>Sends a DELETE request and reads the whole response body (sync).</summary>
    public Response Delete(string url, RequestOptions? options = null) => Request("DELETE", url, null, options);

    /// <summary>Sends a POST request with an optional body and reads the whole response body.</summary>
    public Task<Response> PostAsync(string url, Body? body = null, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        SendKnownAsync("POST", url, body, options, cancellationToken);

    /// <summary>Sends a POST request with an optional body and reads the whole response body (sync).</summary>
    public Response Post(string url, Body? body = null, RequestOptions? options = null) => Request("POST", url, body, options);

    /// <summary>Sends a PUT request with an optional body and reads the whole response body.</summary>
    public Task<Response> PutAsync(string url, Body? body = null, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        SendKnownAsync("PUT", url, body, options, cancellationToken);

    /// <summary>Sends a PUT request with an optional body and reads the whole response body (sync).</summary>
    public Response Put(string url, Body? body = null, RequestOptions? options = null) => Request("PUT", url, body, options);

    /// <summary>Sends a PATCH request with an optional body and reads the whole response body.</summary>
    public Task<Response> PatchAsync(string url, Body? body = null, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        SendKnownAsync("PATCH", url, body, options, cancellationToken);

    /// <summary>Sends a PATCH request with an optional body and reads the whole response body (sync).</summary>
    public Response Patch(string url, Body? body = null, RequestOptions? options = null) => Request("PATCH", url, body, options);

    /// <summary>The verbs' path: their method is a known upper-case constant, so it is neither checked nor upper-cased again.</summary>
    private Task<Response> SendKnownAsync(string method, string url, Body? body, RequestOptions? options, CancellationToken cancellationToken) =>
        SendAsync(BuildRequestCore(method, knownMethod: true, url, body, options), stream: false, cancellationToken);

    /// <summary>Sends a request with any method (httpx's <c>request</c>) and reads the whole response body.</summary>
    public Task<Response> RequestAsync(string method, string url, Body? body = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = BuildRequest(method, url, body, options);
        return SendAsync(request, stream: false, cancellationToken);
    }

    /// <summary>Sends a request with any method and reads the whole response body (sync).</summary>
    public Response Request(string method, string url, Body? body = null, RequestOptions? options = null)
    {
        var request = BuildRequest(method, url, body, options);
        return SyncOverAsync.Run(ct => SendAsync(request, stream: false, ct));
    }

    /// <summary>
    /// Sends a request and returns as soon as the response head has arrived; the body is read through the response's
    /// streaming readers. Dispose the response to release the connection.
    /// </summary>
    public Task<Response> StreamAsync(string method, string url, Body? body = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = BuildRequest(method, url, body, options);
        return SendAsync(request, stream: true, cancellationToken);
    }

    /// <summary>Sync twin of <see cref="StreamAsync"/>.</summary>
    public Response Stream(string method, string url, Body? body = null, RequestOptions? options = null)
    {
        var request = BuildRequest(method, url, body, options);
        return SyncOverAsync.Run(ct => SendAsync(request, stream: true, ct));
    }

    /// <summary>Sends a prepared request (see <see cref="BuildRequest"/>); with <paramref name="stream"/> the body is left unread.</summary>
    public Task<Response> SendAsync(Request request, bool stream = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Start();
        return Diagnostics.RequestTelemetry.IsEnabled(_options)
            ? Diagnostics.RequestTelemetry.TrackAsync(request, stream, _options, _sendTracked ??= SendTrackedAsync, cancellationToken)
            : SendCoreAsync(request, stream, tracked: false, cancellationToken);
    }

    /// <summary>Sync twin of <see cref="SendAsync"/>.</summary>
    public Response Send(Request request, bool stream = false) => SyncOverAsync.Run(ct => SendAsync(request, stream, ct));
}
