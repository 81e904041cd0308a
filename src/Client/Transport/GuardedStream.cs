using System.Reflection;

namespace Courier;

/// <summary>
/// The stream of every HTTP/1.x connection <see cref="HttpTransport"/> opens (after TLS, if any). It tells a failed or
/// refused exchange about the connection that served it, without any state in the request's flow: an AsyncLocal would
/// cost every request an execution context and every continuation inside <see cref="SocketsHttpHandler"/> a context
/// switch (about 2% of a loopback GET at c = 64), and observing each read's completion costs a frame per pending read
/// (about 1% at c = 1). Instead the transport opens a window around its synchronous call into the handler
/// (<see cref="BeginSend"/>, <see cref="EndSend"/>): the connection read or written inside it takes the exchange's
/// <see cref="ConnectionLink"/>, and counts the reads started for it from then on. A reused connection is taken, its
/// read-ahead started and the request written inside that call; a request that waits for a connection is written
/// later, outside it, and stays unlinked (it is then never re-sent: see <see cref="HttpTransport"/>'s retry), as does
/// one whose pooled connection the handler gave up inside the window (see <see cref="LeaveIfRejected"/>).
/// </summary>
internal sealed class GuardedStream(Stream inner) : Stream
{
    /// <summary>The link of the exchange whose synchronous call into the handler runs on this thread, if any.</summary>
    [ThreadStatic]
    private static ConnectionLink? t_sending;

    /// <summary>The link of the last exchange that used this connection.</summary>
    private ConnectionLink? _link;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Opens the window: the connection read or written on this thread until <see cref="EndSend"/> serves
    /// <paramref name="link"/> (null: nothing to link). Returns the window it replaces, for <see cref="EndSend"/>.
    /// </summary>
    public static ConnectionLink? BeginSend(ConnectionLink? link)
    {
        var previous = t_sending;
        t_sending = link;
        return previous;
    }

    /// <summary>Closes the window (always, once the handler's call returned or threw), putting back the one it replaced.</summary>
    public static void EndSend(ConnectionLink? previous) => t_sending = previous;

    /// <summary>
    /// The connection stream an HTTP/1.x response of <see cref="SocketsHttpHandler"/> reads its body from, or null. Its
    /// content's body stream holds the connection, which holds this stream: fields internal to System.Net.Http, read
    /// by name only when a response is refused (a test fails if a runtime renames them). A response without a body has
    /// already left its connection: <see cref="SocketsHttpHandler"/> then closes it itself when bytes follow the head
    /// (extra bytes in its buffer at the end of a response, or found by its read-ahead when the connection is reused).
    /// </summary>
    public static GuardedStream? Of(HttpResponseMessage response) =>
        Field(Field(Field(response.Content, "_stream"), "_connection"), "_stream") as GuardedStream;

    /// <summary>Closes the connection (its socket): it is never reused.</summary>
    public void Abort() => inner.Dispose();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CountRead();
        ValueTask<int> read;
        try
        {
            read = inner.ReadAsync(buffer, cancellationToken);
        }
        catch
        {
            LeaveIfRejected();
            throw;
        }

        if (read.IsCompleted)
        {
            LeaveIfRejected();
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        CountRead();
        return inner.ReadAsync(buffer, offset, count, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        CountRead();
        return inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        CountRead();
        return inner.Read(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Claim();
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Claim();
        return inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Claim();
        inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Claim();
        inner.Write(buffer);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        LeaveIfRejected();
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            LeaveIfRejected();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static object? Field(object? target, string name)
    {
        for (var type = target?.GetType(); type is not null; type = type.BaseType)
        {
            if (type.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly) is { } field)
            {
                return field.GetValue(target);
            }
        }

        return null;
    }

    /// <summary>
    /// Takes the link of the exchange whose window is open on this thread, unless it is this connection's already or
    /// another connection holds it: the first connection used in the window is the exchange's (a request body that
    /// reads another response inside the window does not move the link).
    /// </summary>
    private ConnectionLink? Claim()
    {
        if (t_sending is { } sending && !ReferenceEquals(sending, _link) && sending.Connection is null && !sending.Rejected)
        {
            sending.Connection = this;
            sending.Reads = 0;
            _link = sending;
        }

        return _link;
    }

    /// <summary>
    /// A pooled connection whose read-ahead ends at once (end of stream, data nobody asked for, an error) or that is
    /// closed inside the window is being given up by the handler, which then sends the request on another connection
    /// after the window: the exchange is unlinked (and so never re-sent here) rather than left pointing at this one.
    /// </summary>
    private void LeaveIfRejected()
    {
        if (t_sending is { } sending && ReferenceEquals(sending, _link))
        {
            sending.Connection = null;
            sending.Reads = 0;
            sending.Rejected = true;
            _link = null;
        }
    }

    private void CountRead()
    {
        if (Claim() is { } link)
        {
            link.Reads++;
        }
    }
}

/// <summary>What one HTTP/1.x exchange learned of its connection (see <see cref="GuardedStream"/>).</summary>
internal sealed class ConnectionLink
{
    /// <summary>The connection that served the exchange, or null when it was not linked.</summary>
    public GuardedStream? Connection { get; set; }

    /// <summary>
    /// Reads started for the exchange. A failure with at most one read means no response byte arrived: the read that
    /// failed was the first (a reused connection's read-ahead, or the first read after the request was written); a read
    /// that returned bytes of the head is followed by another read.
    /// </summary>
    public int Reads { get; set; }

    /// <summary>A connection linked in the window was given up in it: no later connection of this exchange takes the link.</summary>
    public bool Rejected { get; set; }
}
