using System.Net;

namespace Courier;

/// <summary>
/// The body of a non-idempotent request (POST, PATCH, …). <see cref="SocketsHttpHandler"/> silently sends a request
/// again on a new connection when a reused connection dies before the response starts — even a POST, whose bytes
/// may already have reached the server. This wrapper lets the body be written once: a second attempt fails, and the
/// transport reports <see cref="RemoteProtocolException"/> instead of sending the request twice.
/// </summary>
internal sealed class SendOnceContent(HttpContent inner, TransportState state) : WrappedContent(inner)
{
    private int _sent;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _sent, 1) == 1)
        {
            state.ResendBlocked = true;
            throw new IOException("Courier does not re-send a non-idempotent request on a new connection.");
        }

        return Inner.CopyToAsync(stream, context, cancellationToken);
    }
}
