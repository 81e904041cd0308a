using System.Buffers;
using System.Globalization;

namespace Courier;

public sealed partial class Response
{
    /// <summary>Reads the whole (decoded) body, once; later calls return the same bytes.</summary>
    public ValueTask<ReadOnlyMemory<byte>> ReadBytesAsync(CancellationToken cancellationToken = default) =>
        _content is not null ? new(_content)
        : _raw is MemoryStream memory && _consumed == 0 && !_disposed && !cancellationToken.IsCancellationRequested && ExactLength && !HasContentHeader("Content-Encoding")
            ? new(ReadInMemory(memory))
        : ReadBodyAsync(cancellationToken);

    /// <summary>
    /// A body a transport handed over in memory, not encoded: copied out synchronously, with no async frame (its
    /// length was measured on the stream, so the array is exact).
    /// </summary>
    private byte[] ReadInMemory(MemoryStream memory)
    {
        TakeRawStream();
        try
        {
            var bytes = DeclaredLength > 0 ? new byte[DeclaredLength] : [];
            memory.ReadExactly(bytes);
            _content = bytes;
            return bytes;
        }
        finally
        {
            memory.Dispose();
            _raw = null;
            _timer.Stop();
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(CancellationToken cancellationToken)
    {
        var raw = TakeRawStream();
        Stream? stream = null;
        try
        {
            stream = HasContentHeader("Content-Encoding") ? ContentDecoding.Wrap(raw, Headers, MaxDecodedSize, _request) : raw;
            var length = ReferenceEquals(stream, raw) ? (DeclaredLength >= 0 ? DeclaredLength : ParsedLength()) : null;
            _content = ExactLength && ReferenceEquals(stream, raw) && length is >= 0 and <= 16 * 1024 * 1024
                ? await ReadExactAsync(stream, (int)length.Value, cancellationToken).ConfigureAwait(false)
                : await ReadAllAsync(stream, length, cancellationToken).ConfigureAwait(false);
            return _content;
        }
        finally
        {
            await (stream ?? raw).DisposeAsync().ConfigureAwait(false);

            if (ReferenceEquals(_raw, raw))
            {
                // Closed: disposing the response need not close it again.
                _raw = null;
            }

            _timer.Stop();
        }
    }

    /// <summary>
    /// Reads a body whose length is known for certain (an in-memory body's stream): one array, no probe for more bytes
    /// and no pooled buffer. A stream that ends early still fails the same way as any other short body.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<byte[]> ReadExactAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return [];
        }

        var exact = new byte[length];
        var filled = 0;
        int read;
        while (filled < length && (read = await ReadOnceAsync(stream, exact.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        return filled == length ? exact : exact[..filled];
    }

    /// <summary>Reads a stream to its end: straight into an array of the declared size when there is one.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<byte[]> ReadAllAsync(Stream stream, long? length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            byte[]? exact = null;
            var filled = 0;
            if (length is > 0 and <= 16 * 1024 * 1024)
            {
                exact = new byte[length.Value];
                int read;
                while (filled < exact.Length && (read = await ReadOnceAsync(stream, exact.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                var extra = filled == exact.Length ? await ReadOnceAsync(stream, buffer, cancellationToken).ConfigureAwait(false) : 0;
                if (filled == exact.Length && extra == 0)
                {
                    return exact;
                }

                // The stream did not match its declared length: fall back to collecting whatever it gives.
                using var rest = new MemoryStream();
                rest.Write(exact, 0, filled);
                rest.Write(buffer, 0, extra);
                return await CollectAsync(stream, buffer, rest, cancellationToken).ConfigureAwait(false);
            }

            using var collected = new MemoryStream();
            return await CollectAsync(stream, buffer, collected, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<byte[]> CollectAsync(Stream stream, byte[] buffer, MemoryStream target, CancellationToken cancellationToken)
    {
        int read;
        while ((read = await ReadMappedAsync(stream, buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            target.Write(buffer, 0, read);
        }

        return target.ToArray();
    }

    /// <summary>One read; a read that completes at once skips the async machinery.</summary>
    private ValueTask<int> ReadOnceAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ValueTask<int> read;
        try
        {
            read = stream.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw ExceptionMapper.Map(ex, _request, ExceptionMapper.Phase.ReadBody);
        }

        return read.IsCompletedSuccessfully ? read : AwaitMappedAsync(read, cancellationToken);
    }

    private async ValueTask<int> AwaitMappedAsync(ValueTask<int> pending, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw ExceptionMapper.Map(ex, _request, ExceptionMapper.Phase.ReadBody);
        }
    }

    /// <summary>One read, with any failure other than the caller's cancellation mapped to Courier's exceptions.</summary>
    private async ValueTask<int> ReadMappedAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw ExceptionMapper.Map(ex, _request, ExceptionMapper.Phase.ReadBody);
        }
    }

    /// <summary>The body length the transport declared (before decoding), or -1 when unknown.</summary>
    internal long DeclaredLength { get; init; } = -1;

    /// <summary>Whether <see cref="DeclaredLength"/> is the body's true length (measured on an in-memory stream, not declared).</summary>
    internal bool ExactLength { get; init; }

    private long? ParsedLength() =>
        Headers["Content-Length"] is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
