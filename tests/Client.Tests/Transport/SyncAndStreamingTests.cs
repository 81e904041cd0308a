using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Courier.ClientTests.Transport;

public class SyncTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task SixtyFourParallelSyncCalls_Complete(bool http2)
    {
        await using var server = await LoopbackServer.StartAsync(
            app => app.MapGet("/", async (HttpContext ctx) =>
            {
                await Task.Delay(20);
                return ctx.Request.Protocol;
            }),
            http2 ? HttpProtocols.Http2 : HttpProtocols.Http1);
        using var client = new Client(new ClientOptions
        {
            BaseUrl = server.Url,
            Http1 = !http2,
            Http2 = http2,
            Timeouts = new Timeouts(TimeSpan.FromSeconds(60)),
        });

        var calls = Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => client.Get("/").Text)));
        var finished = await Task.WhenAny(calls, Task.Delay(TimeSpan.FromSeconds(90)));

        finished.ShouldBe(calls, "64 sync calls deadlocked");
        (await calls).ShouldAllBe(p => p == (http2 ? "HTTP/2" : "HTTP/1.1"));
    }
}

[NonParallelizable]
public class StreamingMemoryTests
{
    private const long Size = 256L << 20;
    private const long Budget = 32L << 20;

    [Test]
    public async Task Download256MB_ThroughStreamAsync_KeepsTheHeapFlat()
    {
        var chunk = new byte[64 * 1024];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", async (HttpContext ctx) =>
        {
            ctx.Response.ContentLength = Size;
            for (long sent = 0; sent < Size; sent += chunk.Length)
            {
                await ctx.Response.Body.WriteAsync(chunk);
            }
        }));
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = new Timeouts(TimeSpan.FromSeconds(60)) });
        var baseline = Baseline();
        long peak = 0, total = 0;

        await using (var response = await client.StreamAsync("GET", "/"))
        {
            await foreach (var part in response.IterBytesAsync())
            {
                total += part.Length;
                peak = Math.Max(peak, GC.GetTotalMemory(false));
            }
        }

        total.ShouldBe(Size);
        TestContext.Out.WriteLine($"heap growth: {(peak - baseline) / 1024 / 1024} MB");
        (peak - baseline).ShouldBeLessThan(Budget);
    }

    [Test]
    public async Task Upload256MB_FromAStream_KeepsTheHeapFlat()
    {
        long peak = 0;
        await using var server = await LoopbackServer.StartAsync(
            app => app.MapPost("/", async (HttpContext ctx) =>
            {
                var buffer = new byte[64 * 1024];
                long total = 0;
                int n;
                while ((n = await ctx.Request.Body.ReadAsync(buffer)) > 0)
                {
                    total += n;
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                }

                return total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }),
            kestrel: k => k.Limits.MaxRequestBodySize = null);
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = new Timeouts(TimeSpan.FromSeconds(60)) });
        var baseline = Baseline();

        using var body = new PatternStream(Size);
        var response = await client.PostAsync("/", Body.Stream(body));

        response.Text.ShouldBe(Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        TestContext.Out.WriteLine($"heap growth: {(peak - baseline) / 1024 / 1024} MB");
        (peak - baseline).ShouldBeLessThan(Budget);
    }

    private static long Baseline()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }
}
