using System.Diagnostics;
using System.Text;
using Courier.Mocking;

namespace Courier.MockingTests.Reliability;

/// <summary>RELIABILITY.md stub server rows 2, 3, 4, 5 and 14, sent as exact bytes to a <see cref="MockServer"/>.</summary>
[Parallelizable(ParallelScope.Children)]
public sealed class StubServerWireTests
{
    private static async Task<MockServer> StartAsync(MockServerOptions? options = null)
    {
        var server = await MockServer.StartAsync(options);
        server.Get("/ok").Respond(MockResponse.Text("ok"));
        server.Post("/ok").Respond(MockResponse.Text("posted"));
        return server;
    }

    [Test]
    public async Task Row2_OversizeRequestLine_Is414_AndTheServerKeepsServing()
    {
        await using var server = await StartAsync();

        var raw = await RawHttp.ExchangeAsync(server.Port, $"GET /ok?{new string('a', 20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        RawHttp.Statuses(raw).ShouldBe([414]);
        var rejected = await RejectedAsync(server, 414);
        rejected.RejectionReason.ShouldNotBeNull().ShouldContain("Request line too long");
        rejected.WasMatched.ShouldBeFalse();
        server.UnmatchedRequests.ShouldBeEmpty();
        await ShouldStillServeAsync(server);
    }

    [TestCase(1, 64 * 1024, TestName = "Row2_OversizeHeaderBlock_Is431")]
    [TestCase(500, 4, TestName = "Row2_TooManyHeaders_Is431")]
    public async Task Row2_OversizeHeaders_Are431(int count, int size)
    {
        await using var server = await StartAsync();
        var head = new StringBuilder("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (var i = 0; i < count; i++)
        {
            head.Append("X-H").Append(i).Append(": ").Append('v', size).Append("\r\n");
        }

        var raw = await RawHttp.ExchangeAsync(server.Port, head.Append("\r\n").ToString());

        RawHttp.Statuses(raw).ShouldBe([431]);
        (await RejectedAsync(server, 431)).RejectionReason.ShouldNotBeNullOrEmpty();
        server.UnmatchedRequests.ShouldBeEmpty();
        await ShouldStillServeAsync(server);
    }

    [Test]
    public async Task Row2_ChunkedBodyOverTheLimit_Is413_AndNeverReachesAStub()
    {
        await using var server = await StartAsync(new MockServerOptions { MaxRequestBodySize = 100_000 });
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        var response = await client.PostAsync("/ok", Body.Stream(new NonSeekable(new MemoryStream(new byte[1_000_000]))));

        response.StatusCode.ShouldBe(413);
        var rejected = server.Requests.ShouldHaveSingleItem(); // refused before matching, journalled as such
        rejected.WasRejected.ShouldBeTrue();
        rejected.StatusCode.ShouldBe(413);
        rejected.RejectionReason.ShouldNotBeNull().ShouldContain("MaxRequestBodySize");
        rejected.Request.Method.ShouldBe("POST");
        rejected.Request.Path.ShouldBe("/ok");
        rejected.Request.Body.Length.ShouldBe(0);
        rejected.BodyLength.ShouldBeGreaterThan(100_000);
        server.UnmatchedRequests.ShouldBeEmpty();
        server.CountRequests(r => r.Method("POST").Path("/ok")).ShouldBe(0);
        server.Stubs[1].CallCount.ShouldBe(0);
        await ShouldStillServeAsync(server);
    }

    [TestCase("POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", TestName = "Row3_ContentLengthWithChunked_NoSmuggledRequest")]
    [TestCase("POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", TestName = "Row3_DuplicateContentLength_Is400")]
    [TestCase("POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", TestName = "Row3_ChunkedNotLast_Is400")]
    [TestCase("POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length : 44\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", TestName = "Row3_SpaceBeforeTheColon_Is400")]
    [TestCase("POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=\na\r\nabc\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", TestName = "Row3_BareLfInChunkExtension_Is400")]
    public async Task Row3_AmbiguousFraming_NeverSmugglesASecondRequest(string request)
    {
        await using var server = await StartAsync();

        var raw = await RawHttp.ExchangeAsync(server.Port, request);

        // Either refused with 400 (and closed), or exactly one request processed: never a journalled /smuggled.
        var statuses = RawHttp.Statuses(raw);
        statuses.Count.ShouldBe(1, raw);
        statuses[0].ShouldBeOneOf(200, 400);
        server.Requests.ShouldNotContain(r => r.Request.Path.Contains("smuggled", StringComparison.Ordinal));
        await ShouldStillServeAsync(server);
    }

    [Test]
    public async Task Row5_EmptyHost_OnAdmin_Is403_AndTheProcessKeepsRunning()
    {
        // Kestrel accepts an empty Host (RFC 9112 allows it without an authority); the admin API refuses it as not loopback.
        await using var server = await StartAsync();

        var raw = await RawHttp.ExchangeAsync(server.Port, "GET /__admin/mappings HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n");

        RawHttp.Statuses(raw).ShouldBe([403], raw);
        await ShouldStillServeAsync(server);
    }

    [TestCase("GET /__admin/mappings HTTP/1.1\r\nHost: [::1\r\n\r\n", TestName = "Row5_UnclosedIpv6Host_Is400")]
    [TestCase("GET /__admin/mappings HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.2\r\n\r\n", TestName = "Row5_TwoHostHeaders_Is400")]
    [TestCase("GET /__admin/mappings HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad\0: 1\r\n\r\n", TestName = "Row5_NulInAHeaderName_Is400")]
    [TestCase("GET /__admin/mappings HTTP/1.1\r\n\r\n", TestName = "Row5_MissingHost_Is400")]
    public async Task Row5_MalformedHost_Is400_AndTheProcessKeepsRunning(string request)
    {
        await using var server = await StartAsync();

        var raw = await RawHttp.ExchangeAsync(server.Port, request);

        RawHttp.Statuses(raw).ShouldBe([400], raw);
        await ShouldStillServeAsync(server);
    }

    [TestCase("Host: evil.example\r\n", TestName = "Row4_AdminWithForeignHost_DnsRebinding_Is403")]
    [TestCase("Host: 127.0.0.1\r\nOrigin: http://evil.example\r\n", TestName = "Row4_AdminFromAForeignOrigin_Is403")]
    public async Task Row4_ForeignAdminCaller_Is403_WithoutCors(string headers)
    {
        await using var server = await StartAsync();

        var raw = await RawHttp.ExchangeAsync(server.Port, $"GET /__admin/mappings HTTP/1.1\r\n{headers}Connection: close\r\n\r\n");

        RawHttp.Statuses(raw).ShouldBe([403], raw);
        raw.ShouldContain("loopback callers only");
        raw.ShouldNotContain("Access-Control-Allow", Case.Insensitive);
        var ok = await RawHttp.ExchangeAsync(server.Port, "GET /__admin/mappings HTTP/1.1\r\nHost: localhost\r\nOrigin: http://127.0.0.1:9\r\nConnection: close\r\n\r\n");
        RawHttp.Statuses(ok).ShouldBe([200], ok);
        ok.ShouldNotContain("Access-Control-Allow", Case.Insensitive);
    }

    [Test]
    public async Task Row4_AdminPreflight_GetsNoPermissiveCors()
    {
        await using var server = await StartAsync();

        var raw = await RawHttp.ExchangeAsync(server.Port, "OPTIONS /__admin/mappings HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");

        raw.ShouldNotContain("Access-Control-Allow", Case.Insensitive);
    }

    [Test]
    public async Task Row14_FloodOfLargeBodies_JournalStaysCapped()
    {
        await using var server = await StartAsync(new MockServerOptions { MaxJournalEntries = 50, MaxRecordedCalls = 50 });
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });
        var body = new byte[64 * 1024];
        var watch = Stopwatch.StartNew();

        var sent = 0;
        await Parallel.ForAsync(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            if (watch.Elapsed < TimeSpan.FromSeconds(8))
            {
                (await client.PostAsync("/ok", Body.Bytes(body), cancellationToken: ct)).StatusCode.ShouldBe(200);
                Interlocked.Increment(ref sent);
            }
        });

        sent.ShouldBeGreaterThan(100);
        server.Requests.Count.ShouldBe(50);
        server.Stubs[1].Calls.Count.ShouldBeLessThanOrEqualTo(50);
    }

    /// <summary>The journal's rejected entry with <paramref name="status"/> (Kestrel's bad-request log may land just after the response).</summary>
    private static async Task<ServedRequest> RejectedAsync(MockServer server, int status)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (server.RejectedRequests.FirstOrDefault(r => r.StatusCode == status) is { } found)
            {
                found.WasRejected.ShouldBeTrue();
                return found;
            }

            await Task.Delay(20);
        }

        throw new ShouldAssertException($"No rejected {status} in the journal: {string.Join(", ", server.Requests.Select(r => r.StatusCode))}");
    }

    private static async Task ShouldStillServeAsync(MockServer server)
    {
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });
        (await client.GetAsync("/ok")).Text.ShouldBe("ok");
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
