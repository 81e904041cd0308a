using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.TestHost;

/// <summary>
/// The request body as the app reads it: the message's content is written into a pipe by a background copy that
/// starts on the app's first read, so the body streams (the app sees each chunk as the caller produces it) and is
/// never buffered whole. Synchronous reads are refused unless the app allowed synchronous I/O, as on Kestrel. Disposed
/// when the request ends, which stops the copy.
/// </summary>
internal sealed class RequestBodyStream(HttpContent content, HttpContext context) : ReadOnlyStreamBase
{
    private readonly Pipe _pipe = new();
    private readonly CancellationTokenSource _stop = new();
    private Stream? _reader;
    private int _disposed;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return Reader().ReadAsync(buffer, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (context.Features.Get<IHttpBodyControlFeature>()?.AllowSynchronousIO != true)
        {
            throw new InvalidOperationException("Synchronous operations are disallowed. Call ReadAsync or set AllowSynchronousIO to true instead.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return Reader().Read(buffer, offset, count);
    }

    private Stream Reader()
    {
        if (_reader is null)
        {
            _reader = _pipe.Reader.AsStream();
            _ = CopyAsync();
        }

        return _reader;
    }

    private async Task CopyAsync()
    {
        var writer = _pipe.Writer;
        try
        {
            await content.CopyToAsync(writer.AsStream(leaveOpen: true), _stop.Token).ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure of the caller's content reaches the app's read, as a broken upload would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await writer.CompleteAsync(new IOException($"The request body could not be read from the caller's content: {ex.Message}", ex)).ConfigureAwait(false);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Cancel();
            _pipe.Reader.Complete();
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }
}
