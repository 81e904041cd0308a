using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Streaming;

public class LargeStreamTests
{
    private const long TotalBytes = 200L * 1024 * 1024;

    [Test]
    public async Task Streaming200MB_KeepsMemoryFlat()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/big", async (HttpContext ctx) =>
        {
            var block = new byte[64 * 1024];
            ctx.Response.ContentLength = TotalBytes;
            for (long sent = 0; sent < TotalBytes; sent += block.Length)
            {
                await ctx.Response.Body.WriteAsync(block, ctx.RequestAborted);
            }
        }));
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, Timeouts = new Timeouts(TimeSpan.FromSeconds(60)) });
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long received = 0;
        long peakGrowth = 0;
        long nextSample = 0;

        await using (var response = await client.StreamAsync("GET", "/big"))
        {
            await foreach (var chunk in response.IterBytesAsync())
            {
                received += chunk.Length;
                if (received >= nextSample)
                {
                    // Live memory (after a full collection) at every 25 MB: a client that buffered would hold it all.
                    peakGrowth = Math.Max(peakGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                    nextSample += 25L * 1024 * 1024;
                }
            }
        }

        received.ShouldBe(TotalBytes);
        peakGrowth.ShouldBeLessThan(20L * 1024 * 1024);
    }
}
