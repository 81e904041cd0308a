using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Courier.Cli.Recording;

/// <summary>
/// Turns an incoming Kestrel request into the request sent to the target, and the target's response back: hop-by-hop
/// headers (RFC 9110 §7.6.1, plus those the Connection header names) are dropped both ways, Host comes from the
/// target URL, the path and query are forwarded byte for byte.
/// </summary>
internal static class Forwarding
{
    /// <summary>The largest request body the proxy buffers (the recorder keeps whole bodies anyway).</summary>
    public const long MaxRequestBody = 64L * 1024 * 1024;

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host", "Expect", "Content-Length",
    };

    /// <summary>The target URI for an incoming request target (origin form, or absolute form whose path is kept), or null when it has none.</summary>
    public static Uri? TargetUri(Uri target, string rawTarget)
    {
        string pathAndQuery;
        if (rawTarget.StartsWith('/'))
        {
            pathAndQuery = rawTarget;
        }
        else if (Uri.TryCreate(rawTarget, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            pathAndQuery = absolute.PathAndQuery;
        }
        else
        {
            return null;
        }

        var basePath = target.AbsolutePath.TrimEnd('/');
        return new Uri($"{target.Scheme}://{target.Authority}{basePath}{pathAndQuery}");
    }

    public static async Task<HttpRequestMessage> ToTargetAsync(HttpContext context, Uri uri, CancellationToken cancellationToken)
    {
        var incoming = context.Request;
        var message = new HttpRequestMessage(new HttpMethod(incoming.Method), uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        try
        {
            if (incoming.Headers.ContentLength is not null || incoming.Headers.ContainsKey("Transfer-Encoding"))
            {
                message.Content = new ByteArrayContent(await ReadBodyAsync(incoming, cancellationToken).ConfigureAwait(false));
            }

            var connectionNamed = Named(incoming.Headers.Connection);
            foreach (var (name, values) in incoming.Headers)
            {
                if (name.StartsWith(':') || HopByHop.Contains(name) || connectionNamed.Contains(name))
                {
                    continue;
                }

                var list = values.Where(v => v is not null).Select(v => v!).ToArray();
                if (!message.Headers.TryAddWithoutValidation(name, list))
                {
                    message.Content?.Headers.TryAddWithoutValidation(name, list);
                }
            }

            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies the target's response back. An absolute <c>Location</c> pointing into the target is rewritten to the proxy,
    /// so a client that follows the redirect stays behind it (the cassette keeps the original).
    /// </summary>
    public static async Task WriteBackAsync(HttpContext context, HttpResponseMessage response, Uri target, Uri proxy, CancellationToken cancellationToken)
    {
        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        if (response.ReasonPhrase is { } reason && context.Features.Get<IHttpResponseFeature>() is { } feature)
        {
            feature.ReasonPhrase = reason;
        }

        var connectionNamed = Named(new StringValues([.. response.Headers.Connection]));
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            if (HopByHop.Contains(name) || connectionNamed.Contains(name))
            {
                continue;
            }

            var copied = name.Equals("Location", StringComparison.OrdinalIgnoreCase) ? values.Select(v => ToProxy(v, target, proxy)) : values;
            outgoing.Headers.Append(name, new StringValues([.. copied]));
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var bodiless = HttpMethods.IsHead(context.Request.Method) || response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified
            || (int)response.StatusCode < 200;
        if (bodiless)
        {
            return;
        }

        outgoing.ContentLength = body.Length;
        await outgoing.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><paramref name="location"/> with the target's origin and base path replaced by the proxy's, when it points into the target.</summary>
    public static string ToProxy(string location, Uri target, Uri proxy)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.Scheme != target.Scheme ||
            !string.Equals(uri.Authority, target.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return location;
        }

        var basePath = target.AbsolutePath.TrimEnd('/');
        var path = uri.PathAndQuery;
        if (basePath.Length > 0)
        {
            if (!path.StartsWith(basePath + "/", StringComparison.Ordinal) && path != basePath)
            {
                return location;
            }

            path = path[basePath.Length..];
        }

        return $"{proxy.Scheme}://{proxy.Authority}{(path.Length == 0 ? "/" : path)}{uri.Fragment}";
    }

    /// <summary>Answers with a plain-text error (the proxy's own, never the target's).</summary>
    public static async Task WriteErrorAsync(HttpContext context, int status, string kind, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Courier-Record"] = kind;
        await context.Response.WriteAsync(message.EndsWith('\n') ? message : message + "\n", CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest incoming, CancellationToken cancellationToken)
    {
        if (incoming.Headers.ContentLength is > MaxRequestBody)
        {
            throw new BadHttpRequestException($"the request body is larger than the proxy's {MaxRequestBody}-byte limit", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await incoming.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxRequestBody)
            {
                throw new BadHttpRequestException($"the request body is larger than the proxy's {MaxRequestBody}-byte limit", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static HashSet<string> Named(StringValues connection) =>
        new(connection.SelectMany(v => (v ?? string.Empty).Split(',')).Select(t => t.Trim()).Where(t => t.Length > 0), StringComparer.OrdinalIgnoreCase);
}
