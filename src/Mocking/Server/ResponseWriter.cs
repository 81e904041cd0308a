using System.Text;
using Courier.Mocking.Matching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.Mocking.Server;

/// <summary>Writes a <see cref="MockResponse"/> (the shared response model) to a Kestrel response.</summary>
internal static partial class ResponseWriter
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Proxy-Connection",
    };

    /// <summary>Writes the response; returns the status sent (0 for a fault).</summary>
    public static async Task<int> WriteAsync(HttpContext context, MockResponse response, RequestSnapshot request, TimeProvider time, CancellationToken cancellationToken)
    {
        if (response.Fault is { } fault)
        {
            await CommitAsync(context, fault, time, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (response.CustomException is { } create)
        {
            var exception = create(request.ToRequest());
            if (exception is WireFaultException wire)
            {
                await WireFaultCommitter.CommitAsync(context, wire.Fault, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            throw exception;
        }

        var http = context.Response;
        http.StatusCode = response.StatusCode;
        if (response.ReasonPhrase is { } reason && context.Features.Get<IHttpResponseFeature>() is { } feature)
        {
            feature.ReasonPhrase = reason;
        }

        foreach (var (name, value) in response.Headers)
        {
            if (!HopByHop.Contains(name))
            {
                http.Headers.Append(name, value);
            }
        }

        if (!CanHaveBody(response.StatusCode, request.Method))
        {
            if (request.Method == "HEAD" && response.Content is { } head && response.Chunks is null)
            {
                http.ContentLength = head.Length;
            }

            return response.StatusCode;
        }

        if (response.Content is { } bytes && response.Chunks is null && response.OpenStream is null && response.BodyBreak is null)
        {
            http.ContentLength = bytes.Length;
            await http.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            return response.StatusCode;
        }

        await WriteStreamedAsync(context, response, time, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>Writes a plain-text response (the unmatched report, errors).</summary>
    public static async Task WriteTextAsync(HttpContext context, int status, string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        if (context.Request.Method != "HEAD")
        {
            await context.Response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool CanHaveBody(int status, string method) =>
        status >= 200 && status != StatusCodes.Status204NoContent && status != StatusCodes.Status304NotModified && method != "HEAD";

    /// <summary>A <see cref="MockFault"/> before the head, as the wire shows it.</summary>
    private static async Task CommitAsync(HttpContext context, MockFault fault, TimeProvider time, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case MockFault.ServerDisconnected:
                await WireFaultCommitter.CommitAsync(context, WireFault.EmptyResponse, cancellationToken).ConfigureAwait(false);
                break;
            case MockFault.ReadTimeout:
                // Never answer: the client's read timeout fires (the wait ends when the client or the server goes away).
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                break;
            default:
                WireFaultCommitter.Reset(context);
                break;
        }
    }
}
