using System.Buffers;
using Courier.Mocking.Matching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.Mocking.Server;

/// <summary>Turns a Kestrel request into the <see cref="RequestSnapshot"/> the matching engine reads.</summary>
internal static class ServerRequest
{
    /// <summary>The body was larger than the limit.</summary>
    public sealed class TooLargeException(long limit) : Exception($"The request body is larger than {limit} bytes (MockServerOptions.MaxRequestBodySize).");

    public static async ValueTask<RequestSnapshot> ReadAsync(HttpContext context, long maxBody, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? string.Empty));
            }
        }

        var body = await ReadBodyAsync(request, maxBody, cancellationToken).ConfigureAwait(false);
        return new RequestSnapshot(request.Method, UrlOf(context), headers, body);
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

        if (request.ContentLength > maxBody)
        {
            throw new TooLargeException(maxBody);
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.Buffer.Length > maxBody)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw new TooLargeException(maxBody);
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

    private static bool HasBody(HttpRequest request) =>
        request.Headers.TransferEncoding.Count > 0 || request.Protocol.StartsWith("HTTP/2", StringComparison.Ordinal) || request.Protocol.StartsWith("HTTP/3", StringComparison.Ordinal);
}
