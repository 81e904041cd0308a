using System.Diagnostics;
using System.IO.Compression;
using Courier.ClientTests.Decoding;
using Courier.ClientTests.Support;
using Courier.TestUtils;
using Courier.TestUtils.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Reliability;

/// <summary>RELIABILITY.md client rows 8, 12, 14 and 15 over real sockets: a gzip bomb, bad Location headers, a trickling server, a stale keep-alive connection.</summary>
public class BombAndRedirectTests
{
    private const long Limit = 8 * 1024 * 1024;

    /// <summary>1 GiB of zeros as 1,024 concatenated gzip members of 1 MiB each: about 1 MB on the wire.</summary>
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        using var one = new MemoryStream();
        using (var gzip = new GZipStream(one, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[1024 * 1024]);
        }

        var member = one.ToArray();
        var bomb = new byte[member.Length * 1024];
        for (var i = 0; i < 1024; i++)
        {
            member.CopyTo(bomb, i * member.Length);
        }

        return bomb;
    });

    private static Task<LoopbackServer> StartBombServerAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/bomb", (HttpContext ctx) =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            ctx.Response.ContentLength = Bomb.Value.Length;
            return ctx.Response.Body.WriteAsync(Bomb.Value).AsTask();
        });
        app.MapGet("/to-bomb", () => Results.Redirect("/bomb"));
    });

    [TestCase("/bomb", TestName = "Row8_GzipBomb_OneGibibyteFromAboutOneMegabyte_StopsAtTheLimit")]
    [TestCase("/to-bomb", TestName = "Row8_GzipBomb_AfterARedirect_StopsAtTheLimit")]
    public async Task GzipBomb_StopsAtTheConfiguredDecodedSize(string path)
    {
        Bomb.Value.Length.ShouldBeLessThan(2 * 1024 * 1024);
        await using var server = await StartBombServerAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, MaxDecodedBodySize = Limit, FollowRedirects = true, Timeouts = new Timeouts(TimeSpan.FromSeconds(30)) });
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();

        var ex = await Should.ThrowAsync<DecodingException>(() => client.GetAsync(path));

        ex.Message.ShouldContain("MaxDecodedBodySize");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        (GC.GetTotalAllocatedBytes(precise: true) - before).ShouldBeLessThan(128L * 1024 * 1024); // far below the 1 GiB it would decode to
        (await client.GetAsync("/to-bomb", new RequestOptions { FollowRedirects = false })).StatusCode.ShouldBe(302);
    }

    [Test]
    public async Task Row8_GzipBomb_StreamedAndDisposedEarly_IsNeverDecompressed()
    {
        await using var server = await StartBombServerAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, MaxDecodedBodySize = Limit });
        var before = GC.GetTotalAllocatedBytes(precise: true);

        await using (var streamed = await client.StreamAsync("GET", "/bomb"))
        {
            streamed.StatusCode.ShouldBe(200);
        }

        (GC.GetTotalAllocatedBytes(precise: true) - before).ShouldBeLessThan(16L * 1024 * 1024);
        (await client.GetAsync("/to-bomb")).StatusCode.ShouldBe(302);
    }

    [TestCase("deflate", "zlib", TestName = "Row8_DeflateBomb_StopsAtTheLimit")]
    [TestCase("deflate", "raw-deflate", TestName = "Row8_RawDeflateBomb_StopsAtTheLimit")]
    [TestCase("br", "br", TestName = "Row8_BrotliBomb_StopsAtTheLimit")]
    public void DeflateAndBrotliBombs_StopAtTheLimit(string header, string coding)
    {
        var bomb = DecodingTests.Encode(coding, new byte[32 * 1024 * 1024]);
        bomb.Length.ShouldBeLessThan(1024 * 1024);
        using var client = Echo.MockClient(_ => new Response(200, Body.Bytes(bomb), new() { { "Content-Encoding", header } }), new ClientOptions { MaxDecodedBodySize = 1_000_000 });

        Should.Throw<DecodingException>(() => client.Get("https://api.test/")).Message.ShouldContain("MaxDecodedBodySize");
    }

    [TestCase("HTTP/1.1 302 Found\r\nLocation: /a\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n", TestName = "Row12_TwoDifferentLocations_RemoteProtocol")]
    [TestCase("HTTP/1.1 302 Found\r\nLocation: http://[::1\r\nContent-Length: 0\r\n\r\n", TestName = "Row12_MalformedLocation_RemoteProtocol")]
    public async Task BadLocation_IsATypedRedirectError(string reply)
    {
        await using var server = MalformedResponseTests.BadThenGood(reply);
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, FollowRedirects = true, Timeouts = new Timeouts(TimeSpan.FromSeconds(10)) });

        await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/"));

        // The 302 itself was well framed, so its connection may serve the next request.
        (await client.GetAsync("/next")).StatusCode.ShouldBe(200);
        server.Requests.Count.ShouldBe(2); // the bad Location was never followed
    }

    [Test]
    public async Task Row12_SixtyFourKibibyteLocation_IsRefusedAtTheHeaderLimit()
    {
        await using var server = MalformedResponseTests.BadThenGood($"HTTP/1.1 302 Found\r\nLocation: /{new string('a', 64 * 1024)}\r\nContent-Length: 0\r\n\r\n");
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, FollowRedirects = true, Timeouts = new Timeouts(TimeSpan.FromSeconds(10)) });

        await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/"));

        server.Requests.Count.ShouldBe(1); // never followed
    }

    [Test]
    public async Task Row14_HeadTrickledOneBytePerInterval_ReadTimeoutBoundsTheWholeHead()
    {
        await using var server = await FaultProxyTests.StartServerAsync();
        await using var proxy = FaultProxy.Start(server.Url, new Fault { PieceSize = 1, PieceDelay = TimeSpan.FromMilliseconds(200) });
        using var client = new Client(new ClientOptions { BaseUrl = proxy.Url, Timeouts = new Timeouts(TimeSpan.FromSeconds(1)) });
        var watch = Stopwatch.StartNew();

        // Each byte comes well within 1 s, but the head as a whole is one phase: the read timeout still fires.
        await Should.ThrowAsync<ReadTimeoutException>(() => client.GetAsync("/big"));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
        proxy.Fault = Fault.None;
        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        await FaultProxyTests.ShouldSettleAtOneConnectionAsync(proxy, server);
    }

    [Test]
    public async Task Row14_BodyTrickledForever_ReadTimeoutIsPerRead_TheCallersDeadlineEndsIt()
    {
        await using var server = await FaultProxyTests.StartServerAsync();
        await using var proxy = FaultProxy.Start(server.Url, new Fault { ShapeAfter = 300, PieceSize = 1, PieceDelay = TimeSpan.FromMilliseconds(200) });
        using var client = new Client(new ClientOptions { BaseUrl = proxy.Url, Timeouts = new Timeouts(TimeSpan.FromSeconds(1)) });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var watch = Stopwatch.StartNew();

        // The body read timeout is per read (httpx's semantics): a byte every 200 ms never trips it, so a caller who
        // needs a total bound passes a token; it ends the request and closes the connection.
        await Should.ThrowAsync<OperationCanceledException>(() => client.GetAsync("/big", cancellationToken: deadline.Token));

        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(2.5));
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
        proxy.Fault = Fault.None;
        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        await FaultProxyTests.ShouldSettleAtOneConnectionAsync(proxy, server);
    }

    [Test]
    public async Task Row15_StaleKeepAliveClosedByTheServer_NextRequestOpensANewConnection()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "ok"), kestrel: k => k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(1));
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Limits = new Limits { KeepAliveExpiry = TimeSpan.FromSeconds(60) } });

        (await client.GetAsync("/")).Text.ShouldBe("ok");
        (await FaultProxy.EventuallyAsync(() => server.OpenConnections == 0, TimeSpan.FromSeconds(10))).ShouldBeTrue("Kestrel should close the idle connection");
        (await client.GetAsync("/")).Text.ShouldBe("ok");

        server.ConnectionsAccepted.ShouldBe(2);
    }
}
