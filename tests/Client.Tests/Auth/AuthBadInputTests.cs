using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Auth;

/// <summary>Malformed or unanswerable challenges and bodies that cannot be re-sent: no crash, a clear outcome.</summary>
public class AuthBadInputTests
{
    [TestCase("Digest realm=\"x, nonce=1", "unterminated quoted string")]
    [TestCase("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1", "unsupported algorithm 'SHA-1'")]
    [TestCase("Digest realm=\"r\", nonce=\"n\", algorithm=\"\"", "unsupported algorithm ''")]
    [TestCase("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"", "unsupported qop 'auth-conf'")]
    [TestCase("Digest realm=\"r\"", "no nonce")]
    [TestCase("Digest", "no realm")]
    [TestCase("Digest a=b=c", "expected ','")]
    [TestCase("@@@ ,,, ===", "expected an auth scheme")]
    [TestCase("Basic realm=\"only basic\"", "no Digest challenge")]
    public async Task Digest_UnanswerableChallenge_Returns401AndEnsureSuccessNamesIt(string challenge, string reason)
    {
        await using var server = await DigestTestServer.StartAsync(new() { RawChallenge = challenge });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });

        var response = await client.GetAsync(server.At("/"));

        response.StatusCode.ShouldBe(401);
        server.Requests.ShouldBe(1);
        var error = Should.Throw<HttpStatusException>(() => response.EnsureSuccess());
        error.Message.ShouldContain("Auth challenge that could not be answered: ");
        error.Message.ShouldContain(reason);
    }

    [Test]
    public async Task Digest_401WithoutWwwAuthenticate_ReturnsIt()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            ctx.Response.StatusCode = 401;
            return Task.CompletedTask;
        }));
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "x") });

        var response = await client.GetAsync(server.At("/"));

        Should.Throw<HttpStatusException>(() => response.EnsureSuccess()).Message.ShouldContain("no WWW-Authenticate header");
    }

    [Test]
    public async Task Digest_HugeChallengeHeader_DoesNotHang()
    {
        var huge = "Digest realm=\"r\", nonce=\"n\"" + string.Concat(Enumerable.Range(0, 2000).Select(i => $", p{i}=\"v\""));
        await using var server = await DigestTestServer.StartAsync(new() { RawChallenge = huge });
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "x") });

        var response = await client.GetAsync(server.At("/"));

        Should.Throw<HttpStatusException>(() => response.EnsureSuccess()).Message.ShouldContain("more than 64 parameters");
    }

    [Test]
    public async Task Digest_OneShotStreamBody_ThrowsBeforeAnythingIsSent()
    {
        await using var server = await DigestTestServer.StartAsync(new());
        using var client = new Client(new ClientOptions { Auth = new DigestAuth("alice", "wonder land") });
        var stream = new OneShotStream(new byte[1000]);

        var error = await Should.ThrowAsync<RequestException>(() => client.PostAsync(server.At("/upload"), Body.Stream(stream)));

        error.Message.ShouldContain("DigestAuth must be able to re-send the body");
        error.Message.ShouldContain("one-shot stream");
        server.Requests.ShouldBe(0);
        stream.BytesRead.ShouldBe(0, "nothing was read from the caller's stream");
    }

    [Test]
    public async Task BasicAuth_OneShotStreamBody_IsSentOnce()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/upload", async (HttpContext ctx) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            return $"{ctx.Request.Headers.Authorization} {buffer.Length}";
        }));
        using var client = new Client(new ClientOptions { Auth = new BasicAuth("u", "p") });

        var response = await client.PostAsync(server.At("/upload"), Body.Stream(new OneShotStream(new byte[1000])));

        response.Text.ShouldBe("Basic dTpw 1000");
    }

    /// <summary>A readable, non-seekable stream that counts what was read.</summary>
    private sealed class OneShotStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public int BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = _inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
