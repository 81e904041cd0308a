using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.Mocking.Server;

/// <summary>Commits a <see cref="WireFault"/> on a Kestrel connection (over HTTP/2, where the connection is shared, the stream is reset instead).</summary>
internal static class WireFaultCommitter
{
    private const int Http2InternalError = 0x2;

    public static async Task CommitAsync(HttpContext context, WireFault fault, CancellationToken cancellationToken)
    {
        if (!HttpProtocol.IsHttp11(context.Request.Protocol) && !HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            ResetStream(context);
            return;
        }

        switch (fault)
        {
            case WireFault.ConnectionResetByPeer:
                Reset(context);
                break;
            case WireFault.EmptyResponse:
                await CloseAsync(context, cancellationToken).ConfigureAwait(false);
                break;
            case WireFault.MalformedResponseChunk:
                // With Transfer-Encoding set by the app, Kestrel writes the body as is: the bytes below are not a chunk.
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.Headers.TransferEncoding = "chunked";
                context.Response.Headers.Connection = "close";
                await context.Response.Body.WriteAsync("lskdu018973t09sylgasjkfg1][]'./.sdlv"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                break;
            default:
                var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
                if (socket is not null)
                {
                    var garbage = RandomNumberGenerator.GetBytes(64);
                    garbage[0] = (byte)'x'; // never a valid status line
                    try
                    {
                        await socket.SendAsync(garbage, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }
                    catch (SocketException)
                    {
                        // The client went away first; nothing left to break.
                    }
                }

                await CloseAsync(context, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// A FIN, not a reset (Kestrel's abort resets): shut the sending side, wait for the client to close (at most ten
    /// seconds), then drop the connection.
    /// </summary>
    public static async Task CloseAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is not null)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Send);
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The client closed its side (the usual end), or went away first.
            }
        }

        context.Abort();
    }

    /// <summary>A TCP reset: linger 0 then close, so an RST (not a FIN) goes out.</summary>
    public static void Reset(HttpContext context)
    {
        if (!HttpProtocol.IsHttp11(context.Request.Protocol) && !HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            ResetStream(context);
            return;
        }

        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        try
        {
            socket?.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        context.Abort();
    }

    private static void ResetStream(HttpContext context)
    {
        if (context.Features.Get<IHttpResetFeature>() is { } reset)
        {
            reset.Reset(Http2InternalError);
        }
        else
        {
            context.Abort();
        }
    }
}
