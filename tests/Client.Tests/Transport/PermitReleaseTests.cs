using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Transport;

/// <summary>
/// The HTTP/1.1 pool permit (Limits.MaxConnections) rides on the request's timer for Courier's own requests: it must
/// come back however a response ends — read whole, streamed to the end, disposed half-read, cancelled mid-body,
/// bodiless, an error status, a redirect hop, a hook that throws. With one permit, any path that kept it would make
/// the next request fail with <see cref="PoolTimeoutException"/>.
/// </summary>
public class PermitReleaseTests
{
    private static readonly byte[] Big = new byte[256 * 1024];

    private static Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/small", () => "hello");
        app.MapGet("/big", (HttpContext ctx) =>
        {
            ctx.Response.ContentLength = Big.Length;
            return ctx.Response.Body.WriteAsync(Big).AsTask();
        });
        app.MapMethods("/big", ["HEAD"], (HttpContext ctx) =>
        {
            ctx.Response.ContentLength = Big.Length;
            return Task.CompletedTask;
        });
        app.MapGet("/empty", () => Results.NoContent());
        app.MapGet("/missing", () => Results.NotFound("not here"));
        app.MapGet("/moved", () => Results.Redirect("/small"));
    });

    private static Client OnePermit(LoopbackServer server, EventHooks? hooks = null) => new(new ClientOptions
    {
        BaseUrl = server.Url,
        Limits = new Limits { MaxConnections = 1 },
        Timeouts = new Timeouts(connect: TimeSpan.FromSeconds(10), read: TimeSpan.FromSeconds(10), write: TimeSpan.FromSeconds(10), pool: TimeSpan.FromSeconds(2)),
        FollowRedirects = true,
        EventHooks = hooks,
    });

    [Test]
    public async Task OnePermit_ComesBack_HoweverTheResponseEnds()
    {
        await using var server = await StartAsync();
        using var client = OnePermit(server);

        for (var round = 0; round < 3; round++)
        {
            (await client.GetAsync("/small")).Text.ShouldBe("hello");
            (await client.GetAsync("/big")).Content.Length.ShouldBe(Big.Length);

            await using (var streamed = await client.StreamAsync("GET", "/big"))
            {
                long total = 0;
                await foreach (var chunk in streamed.IterBytesAsync())
                {
                    total += chunk.Length;
                }

                total.ShouldBe(Big.Length);
            }

            await using (var halfRead = await client.StreamAsync("GET", "/big"))
            {
                await foreach (var _ in halfRead.IterRawAsync(16 * 1024))
                {
                    break;
                }
            }

            using (var cts = new CancellationTokenSource())
            {
                await Should.ThrowAsync<OperationCanceledException>(async () =>
                {
                    await using var cancelled = await client.StreamAsync("GET", "/big", cancellationToken: cts.Token);
                    await foreach (var _ in cancelled.IterRawAsync(16 * 1024, cts.Token))
                    {
                        await cts.CancelAsync();
                    }
                });
            }

            (await client.HeadAsync("/big")).StatusCode.ShouldBe(200);
            (await client.GetAsync("/empty")).StatusCode.ShouldBe(204);
            (await client.GetAsync("/missing")).StatusCode.ShouldBe(404);
            (await client.GetAsync("/moved")).Text.ShouldBe("hello");
        }
    }

    [Test]
    public async Task OnePermit_ComesBack_WhenAResponseHookThrows()
    {
        await using var server = await StartAsync();
        var fail = true;
        using var client = OnePermit(server, EventHooks.OnResponse(_ =>
        {
            if (fail)
            {
                throw new InvalidOperationException("hook failed");
            }
        }));

        await Should.ThrowAsync<InvalidOperationException>(() => client.GetAsync("/big"));
        fail = false;

        (await client.GetAsync("/small")).Text.ShouldBe("hello");
    }
}
