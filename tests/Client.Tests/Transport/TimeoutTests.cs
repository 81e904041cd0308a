using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Transport;

public class TimeoutTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3); // a loaded 2-core machine

    private static Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/ok", () => "ok");
        app.MapGet("/slow-head", async (HttpContext ctx) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5), ctx.RequestAborted);
            return "late";
        });
        app.MapGet("/stall-head", async (HttpContext ctx) => await Task.Delay(Timeout.Infinite, ctx.RequestAborted));
        app.MapGet("/stall-body", async (HttpContext ctx) =>
        {
            ctx.Response.ContentLength = 100;
            await ctx.Response.WriteAsync("0123456789");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        });
        app.MapPost("/never-read", async (HttpContext ctx) => await Task.Delay(Timeout.Infinite, ctx.RequestAborted));
    });

    [Test]
    public async Task Connect_TlsHandshakeNeverCompletes_ThrowsConnectTimeout_NotReadTimeout()
    {
        await using var silent = RawServer.Start(async (socket, _, ct) => await Task.Delay(Timeout.Infinite, ct));
        await using var server = await StartAsync();
        // The read timeout is shorter: a connect that counted against it would surface as a read timeout.
        using var client = new Client(new ClientOptions { Timeouts = new Timeouts(connect: TimeSpan.FromSeconds(1), read: TimeSpan.FromMilliseconds(300)) });

        var elapsed = await Timed<ConnectTimeoutException>(() => client.GetAsync($"https://127.0.0.1:{silent.Port}/"));

        elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(0.9));
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1) + Margin);
        (await client.GetAsync(server.At("/ok"))).Text.ShouldBe("ok");
    }

    [Test]
    public async Task Connect_PerRequestTimeout_OverridesTheClients()
    {
        await using var silent = RawServer.Start(async (socket, _, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var client = new Client(new ClientOptions { Timeouts = new Timeouts(TimeSpan.FromSeconds(30)) });

        var elapsed = await Timed<ConnectTimeoutException>(() => client.GetAsync($"https://127.0.0.1:{silent.Port}/", new RequestOptions { Timeouts = new Timeouts(connect: TimeSpan.FromMilliseconds(500)) }));

        elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(500) + Margin);
    }

    [Test]
    public async Task Read_HeadStalls_ThrowsReadTimeout_AndThePoolStaysHealthy()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = new Timeouts(read: TimeSpan.FromMilliseconds(500)) });

        var elapsed = await Timed<ReadTimeoutException>(() => client.GetAsync("/stall-head"));

        elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(450));
        elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(500) + Margin);
        (await client.GetAsync("/ok")).Text.ShouldBe("ok");
    }

    [Test]
    public async Task Read_BodyStallsWhileStreaming_ThrowsReadTimeout()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = new Timeouts(read: TimeSpan.FromMilliseconds(500)) });
        await using var response = await client.StreamAsync("GET", "/stall-body");

        var elapsed = await Timed<ReadTimeoutException>(async () =>
        {
            await foreach (var _ in response.IterRawAsync())
            {
            }
        });

        elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(500) + Margin);
        (await client.GetAsync("/ok")).Text.ShouldBe("ok");
    }

    [Test]
    public async Task Write_ServerStopsReadingTheBody_ThrowsWriteTimeout()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = new Timeouts(write: TimeSpan.FromMilliseconds(500)) });
        using var endless = new PatternStream(1L << 30);

        var elapsed = await Timed<WriteTimeoutException>(() => client.PostAsync("/never-read", Body.Stream(endless, endless.Length)));

        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        (await client.GetAsync("/ok")).Text.ShouldBe("ok");
    }

    [Test]
    public async Task Pool_AllConnectionsBusy_ThrowsPoolTimeout_AndAFreedConnectionServesTheNext()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions
        {
            BaseUrl = server.Url,
            Limits = new Limits { MaxConnections = 1 },
            Timeouts = new Timeouts(pool: TimeSpan.FromMilliseconds(500), read: TimeSpan.FromSeconds(30)),
        });
        var holding = await client.StreamAsync("GET", "/stall-body");

        var elapsed = await Timed<PoolTimeoutException>(() => client.GetAsync("/ok"));

        elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(450));
        elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(500) + Margin);
        await holding.DisposeAsync();
        (await client.GetAsync("/ok")).Text.ShouldBe("ok");
    }

    [Test]
    public async Task Pool_WaitDoesNotCountAgainstTheReadTimeout()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions
        {
            BaseUrl = server.Url,
            Limits = new Limits { MaxConnections = 1 },
            Timeouts = new Timeouts(read: TimeSpan.FromSeconds(1), pool: TimeSpan.FromSeconds(30)),
        });
        var first = client.GetAsync("/slow-head", new RequestOptions { Timeouts = new Timeouts(read: TimeSpan.FromSeconds(30)) });
        await Task.Delay(100);

        // Waits ~1.4 s for the only connection, then gets its answer at once: no read timeout.
        (await client.GetAsync("/ok")).Text.ShouldBe("ok");
        (await first).Text.ShouldBe("late");
    }

    [Test]
    public async Task Read_PerRequestInfinite_OverridesAShortClientTimeout()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = new Timeouts(read: TimeSpan.FromMilliseconds(300)) });

        await Should.ThrowAsync<ReadTimeoutException>(() => client.GetAsync("/slow-head"));
        var response = await client.GetAsync("/slow-head", new RequestOptions { Timeouts = new Timeouts(read: Timeout.InfiniteTimeSpan) });

        response.Text.ShouldBe("late");
    }

    [Test]
    public async Task Read_ChangedWithAWithExpression_IsTheOneApplied()
    {
        // Timeouts keep their values in Stopwatch ticks too: a copy made with `with` must carry the new read timeout.
        await using var server = await StartAsync();
        var timeouts = Timeouts.Infinite with { Read = TimeSpan.FromMilliseconds(400) };
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = timeouts });

        var elapsed = await Timed<ReadTimeoutException>(() => client.GetAsync("/stall-head"));

        elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(400) + Margin);
        var relaxed = await client.GetAsync("/slow-head", new RequestOptions { Timeouts = timeouts with { Read = Timeout.InfiniteTimeSpan } });
        relaxed.Text.ShouldBe("late");
    }

    [Test]
    public async Task AllInfinite_IsAllowed()
    {
        await using var server = await StartAsync();
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = Timeouts.Infinite });

        (await client.GetAsync("/slow-head")).Text.ShouldBe("late");
    }

    private static async Task<TimeSpan> Timed<T>(Func<Task> action)
        where T : Exception
    {
        var started = TimeProvider.System.GetTimestamp();
        await Should.ThrowAsync<T>(action);
        return TimeProvider.System.GetElapsedTime(started);
    }
}

/// <summary>A read-only stream of <c>length</c> generated bytes (no memory held).</summary>
internal sealed class PatternStream(long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        buffer[..n].Fill((byte)'a');
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public class TcpConnectTimeoutTests
{
    [Test]
    public async Task Connect_TcpHandshakeUnanswered_ThrowsConnectTimeout()
    {
        // A listener that never accepts, with its accept queue full: Linux drops further SYNs, so connect() hangs.
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<System.Net.Sockets.Socket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var filler = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                fillers.Add(filler);
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await filler.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), cts.Token);
                }
                catch (OperationCanceledException)
                {
                    break; // the queue is full: this SYN went unanswered
                }
            }

            using var client = new Client(new ClientOptions { Timeouts = new Timeouts(connect: TimeSpan.FromMilliseconds(700), read: TimeSpan.FromMilliseconds(200)) });
            var started = TimeProvider.System.GetTimestamp();

            var ex = await Should.ThrowAsync<ConnectTimeoutException>(() => client.GetAsync($"http://127.0.0.1:{port}/"));

            TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(4));
            ex.Message.ShouldContain("connect timeout");
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }
}
