using System.Text.Json;

namespace Courier;

/// <summary>A body read from a caller's stream, sent without buffering.</summary>
internal sealed class StreamBody : Body
{
    private readonly Stream _stream;
    private readonly long? _length;
    private readonly string? _contentType;
    private readonly long _startPosition;
    private int _sent;

    public StreamBody(Stream stream, long? length, string? contentType)
    {
        _stream = stream;
        _contentType = contentType;
        _startPosition = stream.CanSeek ? stream.Position : 0;
        _length = length ?? (stream.CanSeek ? stream.Length - stream.Position : null);
    }

    public override string? ContentType => _contentType;

    public override long? Length => _length;

    public override bool IsReplayable => _stream.CanSeek || _sent == 0;

    /// <summary>Whether the body can be sent more than once (an unsent one-shot stream is replayable only once).</summary>
    internal bool CanSeek => _stream.CanSeek;

    internal override HttpContent CreateContent(JsonSerializerOptions jsonOptions)
    {
        Rewind();
        var content = new NonDisposingStreamContent(_stream, _length);
        ApplyContentType(content, _contentType);
        return content;
    }

    /// <summary>A mocked response's body: the caller's stream itself, read once (or again from the start when seekable).</summary>
    internal override Stream OpenRead()
    {
        Rewind();
        return _stream;
    }

    private void Rewind()
    {
        if (Interlocked.Exchange(ref _sent, 1) == 1)
        {
            if (!_stream.CanSeek)
            {
                throw new StreamConsumedException();
            }

            _stream.Position = _startPosition;
        }
    }

    /// <summary>Streams the caller's stream without taking ownership of it (the caller disposes it).</summary>
    private sealed class NonDisposingStreamContent(Stream stream, long? length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream target, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(target, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream target, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                long total = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (length is { } declared && total > declared)
                    {
                        throw new LocalProtocolException($"The request body stream produced more than its declared length of {declared} bytes.");
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);

                    // Each chunk goes out as soon as the caller's stream gave it (no waiting in the connection's buffer).
                    await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                if (length is { } expected && total != expected)
                {
                    throw new LocalProtocolException($"The request body stream ended after {total} bytes but declared {expected}; the request was not completed.");
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        protected override bool TryComputeLength(out long computed)
        {
            computed = length ?? 0;
            return length.HasValue;
        }

        protected override void Dispose(bool disposing)
        {
            // The stream belongs to the caller: nothing of ours to release.
            base.Dispose(disposing);
        }
    }
}
