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

    /// <summary>
    /// Reads the whole body off the transport's stream. A body of known length that is not encoded (the common case)
    /// is read in this one frame, straight into an array of that length, then probed for a byte more; reads that
    /// complete at once (a small response the transport already holds) never leave it.
    /// </summary>
    private async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(CancellationToken cancellationToken)
    {
        var raw = TakeRawStream();
        Stream? stream = null;
        try
        {
            if (HasContentHeader("Content-Encoding"))
            {
                stream = ContentDecoding.Wrap(raw, Headers, MaxDecodedSize, _request);
                _content = await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
                return _content;
            }

            stream = raw;
            var length = DeclaredLength >= 0 ? DeclaredLength : ParsedLength();
            if (length is not (>= 0 and <= MaxExactLength))
            {
                _content = await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
                return _content;
            }

            var exact = length == 0 ? [] : new byte[length.Value];
            var filled = 0;
            int read;
            while (filled < exact.Length && (read = await ReadOnceAsync(stream, exact.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            if (filled < exact.Length)
            {
                // Ended early (a transport that does not fail a short body itself): what it gave.
                _content = exact[..filled];
                return _content;
            }

            if (ExactLength)
            {
                // No byte can follow (see ExactLength); a network body's end already gave its connection back.
                _content = exact;
                return _content;
            }

            // One read past the declared end: its end of stream releases a pooled connection, and a byte there means
            // the body is longer than declared (kept whole, as the transport gave it).
            var probe = t_probe ?? new byte[ProbeSize];
            t_probe = null;
            var extra = await ReadOnceAsync(stream, probe, cancellationToken).ConfigureAwait(false);
            if (extra == 0)
            {
                t_probe = probe;
                _content = exact;
                return _content;
            }

            using var longer = new MemoryStream();
            longer.Write(exact);
            longer.Write(probe, 0, extra);
            _content = await CollectAsync(stream, longer, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The largest declared length read straight into an array of that size (larger bodies grow as they come).</summary>
    private const int MaxExactLength = 16 * 1024 * 1024;

    private const int ProbeSize = 64;

    /// <summary>This thread's buffer for the read past a body's declared end (taken while a read uses it).</summary>
    [ThreadStatic]
    private static byte[]? t_probe;

    /// <summary>Reads a stream of unknown (or very large) length, or a decoded one, to its end.</summary>
    private async ValueTask<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var collected = new MemoryStream();
        return await CollectAsync(stream, collected, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the rest of a stream into <paramref name="target"/> and returns all it holds.</summary>
    private async ValueTask<byte[]> CollectAsync(Stream stream, MemoryStream target, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await ReadMappedAsync(stream, buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                target.Write(buffer, 0, read);
            }

            return target.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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

    /// <summary>
    /// Whether no byte can follow <see cref="DeclaredLength"/>: measured on an in-memory stream, or declared for an HTTP/1.x
    /// body that SocketsHttpHandler reads by its Content-Length (see <see cref="MessageConversion.ToResponse"/>).
    /// </summary>
    internal bool ExactLength { get; init; }

    private long? ParsedLength() =>
        Headers["Content-Length"] is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
