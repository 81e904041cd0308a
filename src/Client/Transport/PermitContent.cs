using System.Net;

namespace Courier;

/// <summary>A response body that gives its connection permit back when it is read to the end or disposed.</summary>
internal sealed class PermitContent(HttpContent inner, PermitGate slots) : WrappedContent(inner)
{
    private int _released;

    /// <summary>Gives the permit back, exactly once: by the end of the body or its disposal.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            slots.Release();
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        try
        {
            await Inner.CopyToAsync(stream, context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new PermitStream(await Inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), this);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new PermitStream(Inner.ReadAsStream(cancellationToken), this);

    protected override void Dispose(bool disposing)
    {
        // The inner body first (its connection goes back to the pool), then the permit.
        base.Dispose(disposing);
        if (disposing)
        {
            Release();
        }
    }

    private sealed class PermitStream(Stream inner, PermitContent permit) : ReadOnlyStreamBase
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0 && buffer.Length > 0)
            {
                permit.Release();
            }

            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            if (read == 0 && buffer.Length > 0)
            {
                permit.Release();
            }

            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                permit.Release();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            permit.Release();
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
