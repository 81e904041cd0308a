using System.Buffers;
using Courier.Mocking.Matching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.Mocking.Server;

/// <summary>Turns a Kestrel request into the <see cref="RequestSnapshot"/> the matching engine reads.</summary>
internal static class ServerRequest
{
    /// <summary>The body was larger than the limit: <see cref="Request"/> has the request line and headers, no body.</summary>
    public sealed class TooLargeException(long limit, RequestSnapshot request, long bodySeen)
        : Exception($"The request body is larger than {limit} bytes (MockServerOptions.MaxRequestBodySize); it was refused unread.")
    {
        public RequestSnapshot Request { get; } = request;

        /// <summary>The body length announced (Content-Length) or the bytes seen before refusing.</summary>
        public long BodySeen { get; } = bodySeen;
    }

    public static async ValueTask<RequestSnapshot> ReadAsync(HttpContext context, long maxBody, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var headers = HeadersOf(request);
        ReadOnlyMemory<byte> body;
        try
        {
            body = await ReadBodyAsync(request, maxBody, cancellationToken).ConfigureAwait(false);
        }
        catch (TooLargeCore ex)
        {
            throw new TooLargeException(maxBody, new RequestSnapshot(request.Method, UrlOf(context), headers), ex.Seen);
        }

        return new RequestSnapshot(request.Method, UrlOf(context), headers, body);
    }

    /// <summary>The request line and headers without the body (for a request refused while its body was read).</summary>
    public static RequestSnapshot Head(HttpContext context) => new(context.Request.Method, UrlOf(context), HeadersOf(context.Request));

    private static List<KeyValuePair<string, string>> HeadersOf(HttpRequest request)
    {
        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? string.Empty));
            }
        }

        return headers;
    }

    private static Uri UrlOf(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        if (!target.StartsWith('/'))
        {
            target = Uri.TryCreate(target, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : "/";
        }

        var local = context.Connection.LocalPort;
        var authority = request.Host.HasValue ? request.Host.Value : $"127.0.0.1:{local}";
        if (Uri.TryCreate($"{request.Scheme}://{authority}{target}", UriKind.Absolute, out var url))
        {
            return url;
        }

        return Uri.TryCreate($"{request.Scheme}://127.0.0.1:{local}{target}", UriKind.Absolute, out url)
            ? url
            : new Uri($"{request.Scheme}://127.0.0.1:{local}/");
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, long maxBody, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !HasBody(request)))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (request.ContentLength is { } announced && announced > maxBody)
        {
            throw new TooLargeCore(announced);
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.Buffer.Length > maxBody)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw new TooLargeCore(result.Buffer.Length);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private sealed class TooLargeCore(long seen) : Exception
    {
        public long Seen { get; } = seen;
    }

    private static bool HasBody(HttpRequest request) =>
        request.Headers.TransferEncoding.Count > 0 || request.Protocol.StartsWith("HTTP/2", StringComparison.Ordinal) || request.Protocol.StartsWith("HTTP/3", StringComparison.Ordinal);
}
