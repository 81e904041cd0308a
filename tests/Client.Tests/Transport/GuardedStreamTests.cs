namespace Courier.ClientTests.Transport;

/// <summary>
/// How an exchange learns its connection without any state in its flow: the window around the transport's synchronous
/// call into the handler (RELIABILITY.md client rows 4 and 15 decide on it). Over real servers: SafeRetryTests and
/// MalformedResponseTests.
/// </summary>
public class GuardedStreamTests
{
    [Test]
    public async Task TheConnectionUsedInsideTheWindow_IsLinked_AndItsLaterReadsCount()
    {
        var stream = new GuardedStream(new ScriptedStream(["HTTP/1.1 200"u8.ToArray(), " OK\r\n\r\n"u8.ToArray()]) { Pending = true });
        var link = new ConnectionLink();

        ValueTask<int> readAhead;
        var previous = GuardedStream.BeginSend(link);
        try
        {
            readAhead = stream.ReadAsync(new byte[64]);
            stream.Write("GET / HTTP/1.1\r\n\r\n"u8);
        }
        finally
        {
            GuardedStream.EndSend(previous);
        }

        link.Connection.ShouldBeSameAs(stream);
        link.Reads.ShouldBe(1, "the read-ahead: no response byte yet");
        (await readAhead).ShouldBeGreaterThan(0);
        (await stream.ReadAsync(new byte[64])).ShouldBe(7);
        link.Reads.ShouldBe(2, "a second read: bytes of the head had arrived");
    }

    [Test]
    public void TheNextExchangesWindow_TakesTheConnectionOver_WithItsOwnCount()
    {
        var stream = new GuardedStream(new ScriptedStream(["a"u8.ToArray(), "b"u8.ToArray(), "c"u8.ToArray()]));
        var (first, second) = (new ConnectionLink(), new ConnectionLink());

        InWindow(first, () => stream.Read(new byte[8]).ShouldBe(1));
        InWindow(second, () => stream.Read(new byte[8]).ShouldBe(1));
        stream.Read(new byte[8]).ShouldBe(1);

        (first.Reads, second.Reads).ShouldBe((1, 2));
        second.Connection.ShouldBeSameAs(stream);
    }

    [Test]
    public void AReadAheadThatEndsAtOnce_UnlinksTheExchange_AndNoLaterConnectionTakesIt()
    {
        // A pooled connection the server closed: its read-ahead finds the end at once, and the handler gives it up and
        // sends the request elsewhere. The exchange must not stay linked to it (it would count none of the new reads).
        var stale = new GuardedStream(new ScriptedStream([]));
        var other = new GuardedStream(new ScriptedStream(["x"u8.ToArray()]));
        var link = new ConnectionLink();

        InWindow(link, () =>
        {
            stale.ReadAsync(new byte[64]).IsCompleted.ShouldBeTrue();
            other.Read(new byte[8]).ShouldBe(1);
        });

        link.Connection.ShouldBeNull();
        link.Rejected.ShouldBeTrue();
    }

    [Test]
    public void AnotherConnectionReadInsideTheWindow_DoesNotMoveTheLink()
    {
        // A request body that reads another response's body while the request is written.
        var own = new GuardedStream(new ScriptedStream(["a"u8.ToArray()]) { Pending = true });
        var other = new GuardedStream(new ScriptedStream(["b"u8.ToArray()]));
        var link = new ConnectionLink();

        InWindow(link, () =>
        {
            _ = own.ReadAsync(new byte[8]);
            other.Read(new byte[8]).ShouldBe(1);
        });

        link.Connection.ShouldBeSameAs(own);
    }

    [Test]
    public void WithoutAWindowOnThisThread_NothingIsLinked()
    {
        var stream = new GuardedStream(new ScriptedStream(["a"u8.ToArray(), "b"u8.ToArray()]));
        var link = new ConnectionLink();

        stream.Read(new byte[8]).ShouldBe(1);
        InWindow(link, () =>
        {
            // Another thread's read is not this window's (blocking here: the window is this thread's).
            var elsewhere = new Thread(() => stream.Read(new byte[8]).ShouldBe(1));
            elsewhere.Start();
            elsewhere.Join();
        });

        link.Connection.ShouldBeNull();
        link.Reads.ShouldBe(0);
    }

    private static void InWindow(ConnectionLink link, Action action)
    {
        var previous = GuardedStream.BeginSend(link);
        try
        {
            action();
        }
        finally
        {
            GuardedStream.EndSend(previous);
        }
    }

    /// <summary>Reads return the scripted chunks in turn (at once, or after a yield), then the end of the stream.</summary>
    private sealed class ScriptedStream(IEnumerable<byte[]> chunks) : Stream
    {
        private readonly Queue<byte[]> _chunks = new(chunks);

        public bool Pending { get; init; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Pending)
            {
                await Task.Yield();
            }

            return Read(buffer.Span);
        }

        public override int Read(Span<byte> buffer)
        {
            if (!_chunks.TryDequeue(out var chunk))
            {
                return 0;
            }

            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
