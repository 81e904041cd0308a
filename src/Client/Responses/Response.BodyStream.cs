using System.Runtime.CompilerServices;

namespace Courier;

public sealed partial class Response
{
    /// <summary>
    /// The decoded body (gzip, deflate and br undone) as a read-only <see cref="System.IO.Stream"/> read with your own
    /// buffer: the way to copy a large body (<c>await body.CopyToAsync(file)</c>) without a new array per chunk, as
    /// <see cref="IterBytesAsync"/> gives. The body can be taken once (a second call, or a streaming reader after it,
    /// throws <see cref="StreamConsumedException"/>); a body already read is given from memory. Disposing the stream, or
    /// the response, releases the connection; failures are Courier's exceptions, as for the other readers.
    /// </summary>
    public Stream OpenBodyStream()
    {
        if (_content is not null)
        {
            return new MemoryStream(_content, writable: false);
        }

        var raw = TakeRawStream();
        var decoded = HasContentHeader("Content-Encoding") ? ContentDecoding.Wrap(raw, Headers, MaxDecodedSize, _request) : raw;
        return new BodyStream(this, decoded);
    }

    /// <summary>The end of the network body (see <see cref="ReadTimedStream.Owner"/>): the elapsed time stops.</summary>
    internal void BodyEnded() => _timer.Stop();

    /// <summary>The body as a stream: maps failures, and stops <see cref="Elapsed"/> at the end of the body or on disposal.</summary>
    private sealed class BodyStream(Response owner, Stream inner) : ReadOnlyStreamBase
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (inner is ReadTimedStream { Owner: not null })
            {
                // The network body, not decoded: that stream maps its failures and tells the response its end, so each
                // read goes straight to it (a download's pending reads then wait in one frame fewer).
                return inner.ReadAsync(buffer, cancellationToken);
            }

            ValueTask<int> read;
            try
            {
                read = inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw ExceptionMapper.Map(ex, owner._request, ExceptionMapper.Phase.ReadBody);
            }

            if (!read.IsCompletedSuccessfully)
            {
                return AwaitReadAsync(read, buffer.Length, cancellationToken);
            }

            var count = read.Result;
            Ended(count, buffer.Length);
            return new(count);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner._timer.Stop();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            owner._timer.Stop();
            await base.DisposeAsync().ConfigureAwait(false);
        }

        // Pooled: a large download has a pending read per chunk, and each would otherwise allocate its state machine.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<int> AwaitReadAsync(ValueTask<int> pending, int asked, CancellationToken cancellationToken)
        {
            int count;
            try
            {
                count = await pending.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw ExceptionMapper.Map(ex, owner._request, ExceptionMapper.Phase.ReadBody);
            }

            Ended(count, asked);
            return count;
        }

        private void Ended(int count, int asked)
        {
            if (count == 0 && asked > 0)
            {
                owner._timer.Stop();
            }
        }
    }
}
