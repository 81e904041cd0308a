using System.Net;

namespace Courier.Mocking;

/// <summary>A response body produced as it is read: a user stream, or chunks with pauses, possibly breaking mid-way.</summary>
internal sealed class MockStreamContent(MockResponse response, TimeProvider time, Func<IOException>? breakWith) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var source = Open();
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(Open());

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => Task.FromResult<Stream>(Open());

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private ChunkStream Open()
    {
        IEnumerable<ReadOnlyMemory<byte>> chunks = response.Chunks
            ?? (response.Content is { } bytes ? [bytes] : []);
        return new ChunkStream(response.OpenStream?.Invoke(), chunks, response.ChunkPause, time, response.BodyBreak?.AfterBytes, breakWith);
    }

    /// <summary>Yields the chunks (or the inner stream), pausing between chunks, and throws once the break point is reached.</summary>
    private sealed class ChunkStream(Stream? inner, IEnumerable<ReadOnlyMemory<byte>> chunks, TimeSpan pause, TimeProvider time, long? breakAfter, Func<IOException>? breakWith)
        : ReadOnlyStreamBase
    {
        private readonly IEnumerator<ReadOnlyMemory<byte>> _chunks = chunks.GetEnumerator();
        private ReadOnlyMemory<byte> _current;
        private bool _started;
        private long _sent;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var allowed = breakAfter is { } limit ? (int)Math.Min(buffer.Length, limit - _sent) : buffer.Length;
            if (allowed <= 0 && buffer.Length > 0)
            {
                throw breakWith!();
            }

            int read;
            if (inner is not null)
            {
                read = await inner.ReadAsync(buffer[..allowed], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                while (_current.IsEmpty)
                {
                    if (!_chunks.MoveNext())
                    {
                        return 0;
                    }

                    if (_started && pause > TimeSpan.Zero)
                    {
                        await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
                    }

                    _started = true;
                    _current = _chunks.Current;
                }

                read = Math.Min(allowed, _current.Length);
                _current.Span[..read].CopyTo(buffer.Span);
                _current = _current[read..];
            }

            _sent += read;
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner?.Dispose();
                _chunks.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
