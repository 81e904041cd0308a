using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Transport;

public class PoolingTests
{
    [Test]
    public async Task SequentialRequests_1000_OpenOneConnection()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "x"));
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        for (var i = 0; i < 1000; i++)
        {
            (await client.GetAsync("/")).Text.ShouldBe("x");
        }

        server.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public async Task KeepAliveExpiry_ClosesIdleConnection_AndTheNextRequestOpensANewOne()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "x"));
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Limits = new Limits { KeepAliveExpiry = TimeSpan.FromMilliseconds(500) } });

        await client.GetAsync("/");
        server.OpenConnections.ShouldBe(1);
        await WaitUntil(() => server.OpenConnections == 0, TimeSpan.FromSeconds(10));
        await client.GetAsync("/");

        server.ConnectionsAccepted.ShouldBe(2);
    }

    [Test]
    public async Task KeepAliveExpiry_Default_KeepsTheConnectionForReuse()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "x"));
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        await client.GetAsync("/");
        await Task.Delay(1500);
        await client.GetAsync("/");

        server.ConnectionsAccepted.ShouldBe(1);
    }

    [Test]
    public async Task MaxConnections_CapsConnectionsPerOrigin()
    {
        var busy = 0;
        var peak = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", async () =>
        {
            var now = Interlocked.Increment(ref busy);
            InterlockedMax(ref peak, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref busy);
            return "x";
        }));
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Limits = new Limits { MaxConnections = 3 }, Timeouts = new Timeouts(TimeSpan.FromSeconds(60)) });

        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.GetAsync("/")));

        server.ConnectionsAccepted.ShouldBeLessThanOrEqualTo(3);
        peak.ShouldBeLessThanOrEqualTo(3);
    }

    [Test]
    public async Task DisposingHalfReadStreamsAndCancelling_NeverLeaksAConnection()
    {
        var chunk = new byte[16 * 1024];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", async (HttpContext ctx) =>
        {
            ctx.Response.ContentLength = chunk.Length * 8;
            for (var i = 0; i < 8; i++)
            {
                await ctx.Response.Body.WriteAsync(chunk);
                await ctx.Response.Body.FlushAsync();
            }
        }));
        const int max = 4;
        using var client = new Client(new ClientOptions
        {
            BaseUrl = server.Url,
            Limits = new Limits { MaxConnections = max },
            Timeouts = new Timeouts(TimeSpan.FromSeconds(30)),
        });
        var random = new Random(42);
        var plans = Enumerable.Range(0, 2000).Select(_ => random.Next(4)).ToArray();
        var next = -1;

        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plans.Length)
            {
                using var cts = new CancellationTokenSource();
                try
                {
                    await using var response = await client.StreamAsync("GET", "/", cancellationToken: cts.Token);
                    var chunks = 0;
                    await foreach (var part in response.IterRawAsync(8 * 1024, cts.Token))
                    {
                        chunks++;
                        if (plans[i] == 1 && chunks == 2)
                        {
                            break; // dispose half-read
                        }

                        if (plans[i] == 2 && chunks == 3)
                        {
                            await cts.CancelAsync(); // cancel mid-body
                        }
                    }
                }
                catch (OperationCanceledException) when (cts.IsCancellationRequested)
                {
                }

                if (plans[i] == 3)
                {
                    server.OpenConnections.ShouldBeLessThanOrEqualTo(max);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)));

        server.OpenConnections.ShouldBeLessThanOrEqualTo(max);
        var last = await client.GetAsync("/", new RequestOptions { Timeouts = new Timeouts(pool: TimeSpan.FromSeconds(2)) });
        last.Content.Length.ShouldBe(chunk.Length * 8);
    }

    internal static async Task WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(limit, "the condition did not become true in time");
            await Task.Delay(50);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
