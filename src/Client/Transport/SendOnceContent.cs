using System.Net;

namespace Courier;

/// <summary>
/// The body of a non-idempotent request (POST, PATCH, …). <see cref="SocketsHttpHandler"/> silently sends a request
/// again on a new connection when a reused connection dies before the response starts — even a POST, whose bytes
/// may already have reached the server. This wrapper lets the body be written once: a second attempt fails, and the
/// transport reports <see cref="RemoteProtocolException"/> instead of sending the request twice.
/// </summary>
internal sealed class SendOnceContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly TransportState _state;
    private int _sent;

    public SendOnceContent(HttpContent inner, TransportState state)
    {
        _inner = inner;
        _state = state;
        foreach (var header in inner.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _sent, 1) == 1)
        {
            _state.ResendBlocked = true;
            throw new IOException("Courier does not re-send a non-idempotent request on a new connection.");
        }

        return _inner.CopyToAsync(stream, context, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        var declared = _inner.Headers.ContentLength;
        length = declared ?? 0;
        return declared.HasValue;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
