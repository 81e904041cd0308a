using System.Net;

namespace Courier.Benchmarks;

/// <summary>
/// Diagnostic (no target): the client's own cost per request when the transport answers the way a network or TestServer
/// transport does — after a thread-pool hop, with a streamed body that is not in memory — against a plain
/// <see cref="HttpClient"/> over the same handler. <see cref="ClientOverheadBenchmarks"/> answers at once from memory,
/// which skips the client's async path (the wait for the head, the timer, the timed body stream); this one measures it,
/// in process, without the noise of a server sharing the 2 cores (issues 3 and 7).
/// Run: dotnet run -c Release --project bench/Courier.Benchmarks -- --filter '*AsyncTransportOverhead*' --job short --inProcess
/// </summary>
public class AsyncTransportOverheadBenchmarks : HandlerOverheadBenchmarks
{
    public AsyncTransportOverheadBenchmarks()
        : base("http://bench.local/small")
    {
    }

    protected override HttpMessageHandler CreateHandler() => new YieldingHandler();

    /// <summary>Answers after one thread-pool hop with a 5-byte body behind a stream that is neither seekable nor in memory.</summary>
    private sealed class YieldingHandler : HttpMessageHandler
    {
        private static readonly byte[] Body = "hello"u8.ToArray();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            var content = new StreamContent(new ForwardOnlyStream(Body));
            content.Headers.ContentLength = Body.Length;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }

    /// <summary>A body stream like a connection's: read forward only, length unknown to the stream itself.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
