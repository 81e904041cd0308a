using System.Diagnostics;
using Courier.TestUtils;
using Courier.TestUtils.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Reliability;

/// <summary>
/// Faults injected by <see cref="FaultProxy"/> between Courier and Kestrel (RELIABILITY.md client rows 5, 14, 15).
/// Every fault ends in its documented Courier exception within the timeout (no hang); then, with the fault off, the
/// next request succeeds (the pool recovered) and the faulted connection is gone on both sides (no leak).
/// </summary>
public class FaultProxyTests
{
    private const int BigSize = 64 * 1024;
    private static readonly byte[] Big = [.. Enumerable.Range(0, BigSize).Select(i => (byte)(i * 7))];
    private static readonly TimeSpan Timeout1s = TimeSpan.FromSeconds(1);

    internal static Task<LoopbackServer> StartServerAsync(Action<int>? onPost = null) => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/small", () => "hello");
        app.MapGet("/big", (HttpContext ctx) =>
        {
            ctx.Response.ContentLength = BigSize;
            return ctx.Response.Body.WriteAsync(Big).AsTask();
        });
        app.MapPost("/post", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            onPost?.Invoke(body.Length);
            return "posted";
        });
    });

    private static Client NewClient(FaultProxy proxy, TimeSpan? timeout = null) => new(new ClientOptions
    {
        BaseUrl = proxy.Url,
        Timeouts = new Timeouts(timeout ?? TimeSpan.FromSeconds(10)),
    });

    /// <summary>The faulted request alone runs with 1 s timeouts; the others keep generous ones (a loaded machine).</summary>
    private static readonly RequestOptions Short = new() { Timeouts = new Timeouts(Timeout1s) };

    public static IEnumerable<TestCaseData> Faults()
    {
        yield return Case("ResetInTheHead_ReadException", new Fault { ResetAfter = 20 }, "/big", typeof(ReadException));
        yield return Case("ResetInTheBody_ReadException", new Fault { ResetAfter = 10_000 }, "/big", typeof(ReadException));
        yield return Case("StallInTheHead_ReadTimeout", new Fault { StallAfter = 20 }, "/big", typeof(ReadTimeoutException));
        yield return Case("StallInTheBody_ReadTimeout", new Fault { StallAfter = 10_000 }, "/big", typeof(ReadTimeoutException));
        yield return Case("TruncatedHead_RemoteProtocol", new Fault { TruncateAfter = 20 }, "/big", typeof(RemoteProtocolException));
        yield return Case("TruncatedBody_RemoteProtocol", new Fault { TruncateAfter = 10_000 }, "/big", typeof(RemoteProtocolException));
        yield return Case("HalfClosedInTheBody_RemoteProtocol", new Fault { HalfCloseAfter = 10_000 }, "/big", typeof(RemoteProtocolException));
        yield return Case("HalfClosedBeforeAnyByte_RemoteProtocol", new Fault { HalfCloseAfter = 0 }, "/small", typeof(RemoteProtocolException));
        yield return Case("ByteAtATimeThenStall_ReadTimeout", new Fault { PieceSize = 1, StallAfter = 500 }, "/big", typeof(ReadTimeoutException));

        static TestCaseData Case(string name, Fault fault, string path, Type expected) =>
            new TestCaseData(fault, path, expected).SetName("Fault_" + name);
    }

    [TestCaseSource(nameof(Faults))]
    public async Task Fault_EndsInItsTypedError_InTime_ThenThePoolRecovers_WithoutLeaks(Fault fault, string path, Type expected)
    {
        await using var server = await StartServerAsync();
        await using var proxy = FaultProxy.Start(server.Url, fault);
        using var client = NewClient(proxy);
        var watch = Stopwatch.StartNew();

        var ex = await Should.ThrowAsync<RequestException>(() => client.GetAsync(path, Short));

        ex.GetType().ShouldBe(expected, ex.ToString());
        ex.Request.ShouldNotBeNull();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
        proxy.Fault = Fault.None;
        (await client.GetAsync("/big")).Content.ToArray().ShouldBe(Big);
        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        await ShouldSettleAtOneConnectionAsync(proxy, server);
    }

    [Test]
    public async Task Latency_AddsDelay_AndTheBodyArrivesWhole()
    {
        await using var server = await StartServerAsync();
        await using var proxy = FaultProxy.Start(server.Url, new Fault { Latency = TimeSpan.FromMilliseconds(300) });
        using var client = NewClient(proxy, TimeSpan.FromSeconds(5));
        var watch = Stopwatch.StartNew();

        (await client.GetAsync("/big")).Content.ToArray().ShouldBe(Big);

        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(550)); // one way up, at least one piece down
    }

    [Test]
    public async Task Latency_LongerThanTheReadTimeout_ReadTimeout_ThenRecovers()
    {
        await using var server = await StartServerAsync();
        await using var proxy = FaultProxy.Start(server.Url, new Fault { Latency = TimeSpan.FromSeconds(3) });
        using var client = NewClient(proxy);

        await Should.ThrowAsync<ReadTimeoutException>(() => client.GetAsync("/small", Short));

        proxy.Fault = Fault.None;
        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        await ShouldSettleAtOneConnectionAsync(proxy, server);
    }

    [Test]
    public async Task BandwidthLimit_BodyArrivesWhole_AtThatRate()
    {
        await using var server = await StartServerAsync();
        await using var proxy = FaultProxy.Start(server.Url, new Fault { BytesPerSecond = 128 * 1024 });
        using var client = NewClient(proxy, TimeSpan.FromSeconds(5));
        var watch = Stopwatch.StartNew();

        (await client.GetAsync("/big")).Content.ToArray().ShouldBe(Big);

        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(400)); // 64 KiB at 128 KiB/s
    }

    [Test]
    public async Task ByteAtATime_HeadAndBodyArriveWhole()
    {
        await using var server = await StartServerAsync();
        await using var proxy = FaultProxy.Start(server.Url, new Fault { PieceSize = 1 });
        using var client = NewClient(proxy, TimeSpan.FromSeconds(10));

        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        (await client.GetAsync("/big")).Content.ToArray().ShouldBe(Big);
        proxy.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public async Task UploadNeverRead_WriteTimeout_ThenRecovers()
    {
        await using var server = await StartServerAsync();
        await using var proxy = FaultProxy.Start(server.Url, new Fault { StallRequestAfter = 1000 });
        using var client = NewClient(proxy);

        await Should.ThrowAsync<WriteTimeoutException>(() => client.PostAsync("/post", Body.Stream(new EndlessStream()), Short));

        proxy.Fault = Fault.None;
        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        await ShouldSettleAtOneConnectionAsync(proxy, server);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Post_WhenTheReusedConnectionIsReset_IsSentOnce_AndNotResent(bool withBody)
    {
        var posts = 0;
        await using var server = await StartServerAsync(_ => Interlocked.Increment(ref posts));
        await using var proxy = FaultProxy.Start(server.Url, new Fault { ResetOnSecondRequest = true });
        using var client = NewClient(proxy, TimeSpan.FromSeconds(5));

        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        var ex = await Should.ThrowAsync<TransportException>(() => client.PostAsync("/post", withBody ? Body.Text("pay 100") : null));

        ex.ShouldBeAssignableTo<NetworkException>();
        posts.ShouldBe(1);
        proxy.ConnectionsAccepted.ShouldBe(1);
        proxy.Fault = Fault.None;
        (await client.PostAsync("/post", Body.Text("again"))).Text.ShouldBe("posted");
        posts.ShouldBe(2);
    }

    [Test]
    public async Task Get_WhenTheReusedConnectionIsReset_IsRetriedOnANewConnection_AndThePoolSettles()
    {
        await using var server = await StartServerAsync();
        await using var proxy = FaultProxy.Start(server.Url, new Fault { ResetOnSecondRequest = true });
        using var client = NewClient(proxy, TimeSpan.FromSeconds(5));

        (await client.GetAsync("/small")).Text.ShouldBe("hello");

        // Row 15: the GET reached the server, its connection was reset before any response byte: sent once more.
        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        proxy.ConnectionsAccepted.ShouldBe(2);

        proxy.Fault = Fault.None;
        (await client.GetAsync("/small")).Text.ShouldBe("hello");
        await ShouldSettleAtOneConnectionAsync(proxy, server);
    }

    internal static async Task ShouldSettleAtOneConnectionAsync(FaultProxy proxy, LoopbackServer server)
    {
        var settled = await FaultProxy.EventuallyAsync(() => proxy.OpenConnections == 1 && server.OpenConnections == 1, TimeSpan.FromSeconds(15));
        settled.ShouldBeTrue($"open connections: client side {proxy.OpenConnections}, server side {server.OpenConnections} (expected 1 and 1: the pooled one)");
    }

    /// <summary>An upload that never ends (zeros), read lazily.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
