using System.Net;
using System.Runtime.CompilerServices;

namespace Courier;

/// <summary>Wraps a request body so that each written chunk gets the write timeout, and the head wait starts after it.</summary>
internal sealed class TimedContent(HttpContent inner, RequestTimer timer) : WrappedContent(inner)
{
    private readonly RequestTimer _timer = timer;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var timed = new WriteTimedStream(stream, _timer);
        await Inner.CopyToAsync(timed, context, cancellationToken).ConfigureAwait(false);
        await timed.FlushAsync(cancellationToken).ConfigureAwait(false);
        _timer.StartReadHead();
    }

    private sealed class WriteTimedStream(Stream inner, RequestTimer timer) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            timer.StartWrite();
            if (!cancellationToken.CanBeCanceled || cancellationToken == timer.Token)
            {
                // The handler passes the request's token, which is the timer's: no linked source needed per chunk.
                await inner.WriteAsync(buffer, timer.Token).ConfigureAwait(false);
            }
            else
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
                await inner.WriteAsync(buffer, linked.Token).ConfigureAwait(false);
            }

            timer.Pause();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            timer.StartWrite();
            if (!cancellationToken.CanBeCanceled || cancellationToken == timer.Token)
            {
                await inner.FlushAsync(timer.Token).ConfigureAwait(false);
            }
            else
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
                await inner.FlushAsync(linked.Token).ConfigureAwait(false);
            }

            timer.Pause();
        }

        public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>Gives each read of a response body the read timeout, and maps failures to Courier's exceptions.</summary>
internal sealed class ReadTimedStream(Stream inner, RequestTimer timer, Request request) : ReadOnlyStreamBase
{
    private int _closed;

    /// <summary>
    /// The response whose body this is: told when the body ends (its elapsed time stops), so the response's body stream
    /// can hand reads straight to this one (no frame of its own per read).
    /// </summary>
    public Response? Owner { get; set; }

    // The source linking the last foreign token a read was given (one per stream and token, not one per read).
    private CancellationTokenSource? _linked;
    private CancellationToken _linkedFor;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The timer's token already carries the caller's: link only a different token (saves a source per read).
        if (cancellationToken.CanBeCanceled && cancellationToken != timer.CallerToken)
        {
            return ReadLinkedAsync(buffer, cancellationToken);
        }

        // A read that completes at once (buffered or in-memory data) needs no timer; a pending one is timed from now.
        ValueTask<int> read;
        try
        {
            read = inner.ReadAsync(buffer, timer.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.ReadBody);
        }

        if (read.IsCompletedSuccessfully)
        {
            if (read.Result == 0 && buffer.Length > 0)
            {
                Ended();
            }

            return read;
        }

        timer.StartReadBody();
        return AwaitTimedAsync(read, buffer.Length, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> AwaitTimedAsync(ValueTask<int> pending, int asked, CancellationToken cancellationToken)
    {
        try
        {
            var read = await pending.ConfigureAwait(false);
            timer.Pause();
            if (read == 0 && asked > 0)
            {
                // The end of the body: the connection is back in the pool, so is its permit.
                Ended();
            }

            return read;
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadLinkedAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        timer.StartReadBody();
        try
        {
            if (_linked is null || _linkedFor != cancellationToken)
            {
                _linked?.Dispose();
                _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
                _linkedFor = cancellationToken;
            }

            var read = await inner.ReadAsync(buffer, _linked.Token).ConfigureAwait(false);
            timer.Pause();
            if (read == 0 && buffer.Length > 0)
            {
                Ended();
            }

            return read;
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private void Ended()
    {
        timer.ReleasePermit();
        Owner?.BodyEnded();
    }

    /// <summary>A fired timer becomes its timeout exception; the caller's cancellation passes; the rest is mapped.</summary>
    private Exception? Translate(Exception ex, CancellationToken cancellationToken) =>
        timer.HasFired && !cancellationToken.IsCancellationRequested ? timer.TimeoutFor(request, ex)
        : ex is OperationCanceledException ? null
        : ExceptionMapper.Map(ex, request, ExceptionMapper.Phase.ReadBody);

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            inner.Dispose();
            _linked?.Dispose();
            timer.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            var closing = inner.DisposeAsync();
            if (!closing.IsCompletedSuccessfully)
            {
                return DisposeSlowAsync(closing);
            }

            closing.GetAwaiter().GetResult();
            _linked?.Dispose();
            timer.Dispose();
        }

        // Closed above (or before): the base only finishes the bookkeeping.
        return base.DisposeAsync();
    }

    private async ValueTask DisposeSlowAsync(ValueTask closing)
    {
        await closing.ConfigureAwait(false);
        _linked?.Dispose();
        timer.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
