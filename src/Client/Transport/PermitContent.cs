using System.Net;

namespace Courier;

/// <summary>A response body that gives its connection permit back when it is read to the end or disposed.</summary>
internal sealed class PermitContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly ConnectionPermits.Permit _permit;

    public PermitContent(HttpContent inner, ConnectionPermits.Permit permit)
    {
        _inner = inner;
        _permit = permit;
        foreach (var header in inner.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        try
        {
            await _inner.CopyToAsync(stream, context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _permit.Release();
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new PermitStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _permit);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new PermitStream(_inner.ReadAsStream(cancellationToken), _permit);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _permit.Release();
        }

        base.Dispose(disposing);
    }

    private sealed class PermitStream(Stream inner, ConnectionPermits.Permit permit) : ReadOnlyStreamBase
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
