using System.Diagnostics;
using System.Text;
using Courier.TestUtils.Faults;

namespace Courier.ClientTests.Reliability;

/// <summary>
/// RELIABILITY.md client rows 1, 3, 4, 5, 6 and 7: a scripted raw-socket server sends exact malformed bytes. Each
/// ends in a typed Courier exception quickly, the bad connection is never reused (the next request gets a fresh
/// connection, not bytes left on the old one), and the client keeps working.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class MalformedResponseTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(4);

    /// <summary>Connection 1 answers its first request with <paramref name="bad"/> and keeps the socket open; every other request gets "fresh" (or "reused" on connection 1).</summary>
    internal static ScriptedServer BadThenGood(byte[] bad)
    {
        ScriptedServer? server = null;
        server = ScriptedServer.Start(async (socket, index, ct) =>
        {
            var first = true;
            while (true)
            {
                var head = await server!.ReadHeadAsync(socket, index, ct);
                if (head.Length == 0)
                {
                    return;
                }

                if (index == 1 && first)
                {
                    first = false;
                    await socket.SendAsync(bad, ct);
                    continue;
                }

                var text = index == 1 ? "reused" : "fresh";
                await ScriptedServer.SendAsync(socket, $"HTTP/1.1 200 OK\r\nContent-Length: {text.Length}\r\n\r\n{text}", ct);
            }
        });
        return server;
    }

    internal static ScriptedServer BadThenGood(string bad) => BadThenGood(Encoding.Latin1.GetBytes(bad));

    private static Client NewClient(ScriptedServer server) => new(new ClientOptions
    {
        BaseUrl = server.Url,
        Timeouts = new Timeouts(TimeSpan.FromSeconds(10)),
    });

    /// <summary>The bad reply fails with <typeparamref name="T"/> within <see cref="Quick"/>; the next request gets a fresh connection.</summary>
    private static async Task<T> ShouldFailThenRecoverAsync<T>(string bad)
        where T : Exception
    {
        await using var server = BadThenGood(bad);
        using var client = NewClient(server);
        var watch = Stopwatch.StartNew();

        var ex = await Should.ThrowAsync<T>(async () =>
        {
            var response = await client.GetAsync("/bad");
            TestContext.Out.WriteLine($"unexpected success: {response.StatusCode} [{response.Text}]");
        });

        watch.Elapsed.ShouldBeLessThan(Quick);
        (await client.GetAsync("/next")).Text.ShouldBe("fresh");
        server.ConnectionsAccepted.ShouldBe(2);
        return ex;
    }

    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", TestName = "Row4_TwoDifferentContentLengths_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!", TestName = "Row4_ContentLengthList_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nhello", TestName = "Row4_NegativeContentLength_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 1e30\r\n\r\nhello", TestName = "Row4_ExponentContentLength_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nhello", TestName = "Row4_OverflowingContentLength_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", TestName = "Row4_ContentLengthWithChunked_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n", TestName = "Row4_ChunkedNotLastCoding_RemoteProtocol")]
    public async Task ConflictingFraming_IsRefused(string reply)
    {
        var ex = await ShouldFailThenRecoverAsync<RemoteProtocolException>(reply);
        ex.Request.ShouldNotBeNull();
    }

    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1234567890123456789012\r\nhello\r\n0\r\n\r\n", TestName = "Row7_ChunkSize22HexDigits_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxxx__\r\nhello\r\n0\r\n\r\n", TestName = "Row7_ChunkSizeNotHex_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\0\r\nhello\r\n0\r\n\r\n", TestName = "Row7_NulInChunkSize_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=a\nb\r\nhello\r\n0\r\n\r\n", TestName = "Row7_LfInChunkExtension_RemoteProtocol")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", TestName = "Row7_ChunkDataNotFollowedByCrLf_RemoteProtocol")]
    public async Task MalformedChunks_AreRefused(string reply) =>
        await ShouldFailThenRecoverAsync<RemoteProtocolException>(reply);

    [TestCase("GARBAGE\r\n\r\n", TestName = "Row1_GarbageStatusLine_RemoteProtocol")]
    [TestCase("HTTP/1.1 2000 OK\r\n\r\n", TestName = "Row1_FourDigitStatus_RemoteProtocol")]
    [TestCase("HTTP/9.9 200 OK\r\nContent-Length: 0\r\n\r\n", TestName = "Row1_UnknownVersion_RemoteProtocol")]
    [TestCase("\x16\x03\x03\x00\x2a\x02\x00\x00\x26\x03\x03\r\n\r\n", TestName = "Row1_TlsBytesOnAnHttpPort_RemoteProtocol")]
    public async Task GarbageStatusLine_IsRefusedQuickly(string reply) =>
        await ShouldFailThenRecoverAsync<RemoteProtocolException>(reply);

    [Test]
    public async Task Row3_OneMebibyteHeaderLine_ConfigurationLimit_RemoteProtocol()
    {
        var ex = await ShouldFailThenRecoverAsync<RemoteProtocolException>("HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 1 << 20) + "\r\nContent-Length: 0\r\n\r\n");
        ex.InnerException.ShouldBeOfType<HttpRequestException>().HttpRequestError.ShouldBe(HttpRequestError.ConfigurationLimitExceeded);
    }

    [Test]
    public async Task Row3_HundredThousandHeaders_ConfigurationLimit_RemoteProtocol()
    {
        var head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (var i = 0; i < 100_000; i++)
        {
            head.Append("X-H").Append(i).Append(": v\r\n");
        }

        var ex = await ShouldFailThenRecoverAsync<RemoteProtocolException>(head.Append("Content-Length: 0\r\n\r\n").ToString());
        ex.InnerException.ShouldBeOfType<HttpRequestException>().HttpRequestError.ShouldBe(HttpRequestError.ConfigurationLimitExceeded);
    }

    [Test]
    public async Task Row5_ChunkedWithoutTheLastChunk_ThenFin_RemoteProtocol()
    {
        await using var server = ScriptedServer.Replying("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        using var client = NewClient(server);

        await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/"));
    }

    [Test]
    public async Task Row7_HundredThousandOneByteChunks_AreReadInLinearTime()
    {
        var body = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (var i = 0; i < 100_000; i++)
        {
            body.Append("1\r\na\r\n");
        }

        await using var server = BadThenGood(body.Append("0\r\n\r\n").ToString());
        using var client = NewClient(server);
        var watch = Stopwatch.StartNew();

        (await client.GetAsync("/")).Content.Length.ShouldBe(100_000);

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Row6_BytesAfterTheBody_AreNeverReadAsTheNextResponse()
    {
        await using var server = BadThenGood("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled");
        using var client = NewClient(server);

        (await client.GetAsync("/first")).Text.ShouldBe("hello");
        var second = await client.GetAsync("/second");

        second.Text.ShouldBe("fresh");
        server.ConnectionsAccepted.ShouldBe(2);
    }

    [Test]
    public async Task Row4_ConflictingContentLengths_OnAReusedConnection_CloseIt()
    {
        ScriptedServer? server = null;
        server = ScriptedServer.Start(async (socket, index, ct) =>
        {
            for (var n = 1; ; n++)
            {
                if ((await server!.ReadHeadAsync(socket, index, ct)).Length == 0)
                {
                    return;
                }

                var reply = (index, n) switch
                {
                    (1, 1) => "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
                    (1, 2) => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nevil!",
                    (1, _) => "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nreused",
                    _ => "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh",
                };
                await ScriptedServer.SendAsync(socket, reply, ct);
            }
        });
        await using var _ = server;
        using var client = NewClient(server);

        (await client.GetAsync("/1")).Text.ShouldBe("first");
        var ex = await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/2"));
        ex.Message.ShouldContain("two different Content-Lengths (2 and 40)");
        (await client.GetAsync("/3")).Text.ShouldBe("fresh");
        (await client.GetAsync("/4")).Text.ShouldBe("fresh");
        server.ConnectionsAccepted.ShouldBe(2);
    }
}
