using System.Net;

namespace Courier.ClientTests.Responses;

/// <summary>
/// A whole body of declared length is read straight into an array of that length, then probed for one more read: a
/// transport whose stream disagrees with its Content-Length still gives the client every byte it produced (a longer
/// body whole, a shorter one as far as it went), whether its reads complete at once or later, and the stream is closed.
/// </summary>
public class DeclaredLengthBodyTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task LongerThanDeclared_KeepsEveryByte(bool later)
    {
        var body = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var stream = new PieceStream(body, piece: 7, later);
        using var client = new Client(new ClientOptions { Transport = new DeclaringHandler(stream, declared: 5) });

        var response = await client.GetAsync("http://app.local/");

        response.Content.ToArray().ShouldBe(body);
        stream.Closed.ShouldBeTrue();
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ShorterThanDeclared_KeepsWhatCame(bool later)
    {
        var stream = new PieceStream("abcd"u8.ToArray(), piece: 3, later);
        using var client = new Client(new ClientOptions { Transport = new DeclaringHandler(stream, declared: 10) });

        var response = await client.GetAsync("http://app.local/");

        response.Text.ShouldBe("abcd");
        stream.Closed.ShouldBeTrue();
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ExactlyDeclared_InPieces_IsWholeAndClosed(bool later)
    {
        var stream = new PieceStream("hello, world"u8.ToArray(), piece: 5, later);
        using var client = new Client(new ClientOptions { Transport = new DeclaringHandler(stream, declared: 12) });

        var response = await client.GetAsync("http://app.local/");

        response.Text.ShouldBe("hello, world");
        stream.Closed.ShouldBeTrue();
        stream.Reads.ShouldBe(4, "three pieces, then one read past the declared end that finds the end of the stream");
    }

    [Test]
    public async Task ProbeBuffer_ReusedAcrossResponses_NeverLeaksBytes()
    {
        // The read past the end uses a per-thread buffer: each longer body must get its own extra bytes, not the last one's.
        foreach (var fill in new byte[] { 1, 2, 3 })
        {
            var body = Enumerable.Repeat(fill, 40).ToArray();
            using var client = new Client(new ClientOptions { Transport = new DeclaringHandler(new PieceStream(body, piece: 40, later: false), declared: 10) });

            var response = await client.GetAsync("http://app.local/");

            response.Content.ToArray().ShouldBe(body);
        }
    }

    /// <summary>Answers with a streamed body whose Content-Length is whatever the test declares.</summary>
    private sealed class DeclaringHandler(PieceStream stream, long declared) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(stream);
            content.Headers.ContentLength = declared;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>A read-only stream handing out its bytes in pieces, at once or after a yield; counts reads and notes its close.</summary>
    private sealed class PieceStream(byte[] data, int piece, bool later) : ReadOnlyStreamBase
    {
        private int _position;

        public bool Closed { get; private set; }

        public int Reads { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (later)
            {
                await Task.Yield();
            }

            Reads++;
            var n = Math.Min(Math.Min(piece, buffer.Length), data.Length - _position);
            data.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            Closed = true;
            base.Dispose(disposing);
        }
    }
}
