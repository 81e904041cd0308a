namespace Courier;

/// <summary>
/// One-off calls without creating a client (httpx's top-level <c>httpx.get</c>): each call uses a fresh client
/// with default options and closes it. For more than a few calls, create and share a <see cref="Client"/>.
/// </summary>
public static class Http
{
    /// <summary>GET, reading the whole body.</summary>
    public static async Task<Response> GetAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var client = new Client();
        return await client.GetAsync(url, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET (sync).</summary>
    public static Response Get(string url, RequestOptions? options = null)
    {
        using var client = new Client();
        return client.Get(url, options);
    }

    /// <summary>POST, reading the whole body.</summary>
    public static async Task<Response> PostAsync(string url, Body? body = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var client = new Client();
        return await client.PostAsync(url, body, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST (sync).</summary>
    public static Response Post(string url, Body? body = null, RequestOptions? options = null)
    {
        using var client = new Client();
        return client.Post(url, body, options);
    }

    /// <summary>Any method, reading the whole body.</summary>
    public static async Task<Response> RequestAsync(string method, string url, Body? body = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var client = new Client();
        return await client.RequestAsync(method, url, body, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Any method (sync).</summary>
    public static Response Request(string method, string url, Body? body = null, RequestOptions? options = null)
    {
        using var client = new Client();
        return client.Request(method, url, body, options);
    }
}
