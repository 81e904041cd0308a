using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;
using Shouldly;

namespace Courier.ClientTests.Redirects;

/// <summary>RELIABILITY.md client row 3 over a real socket: response heads are limited per request, summed across a redirect chain.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class RedirectLimitsOnTheWireTests
{
    [Test]
    public async Task ChainOfLargeHeads_OnKestrel_IsRefusedAtTheSummedLimit_AndTheLastHopIsNeverRequested()
    {
        var padding = new string('p', 24 * 1024);
        var requested = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            requested.Enqueue(ctx.Request.Path);
            var hop = int.Parse(ctx.Request.Path.Value!.Trim('/'), System.Globalization.CultureInfo.InvariantCulture);
            if (hop < 5)
            {
                ctx.Response.Headers["X-Padding"] = padding;
                ctx.Response.Redirect($"/{hop + 1}");
                return Task.CompletedTask;
            }

            return ctx.Response.WriteAsync("end");
        }));
        using var client = new Client(new ClientOptions { FollowRedirects = true, MaxResponseHeadersLength = 48 * 1024 });

        var ex = await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync(server.At("/0")));

        // 24 KiB per head, 48 KiB allowed in all: the second head is within the limit on its own, the chain is not.
        requested.ShouldBe(["/0", "/1"]);
        ex.InnerException.ShouldBeOfType<HttpRequestException>().HttpRequestError.ShouldBe(HttpRequestError.ConfigurationLimitExceeded);

        // The pool is healthy and a chain within the limit still works.
        using var roomy = new Client(new ClientOptions { FollowRedirects = true, MaxResponseHeadersLength = 1024 * 1024 });
        var response = await roomy.GetAsync(server.At("/3"));
        response.Text.ShouldBe("end");
        response.History.Count.ShouldBe(2);
    }

    [TestCase(2 * 1024, 8 * 1024, false, TestName = "SingleHead_OverALoweredLimit_IsRefused")]
    [TestCase(256 * 1024, 100 * 1024, true, TestName = "SingleHead_UnderARaisedLimit_IsAccepted_ThoughOverTheDefault")]
    public async Task MaxResponseHeadersLength_AppliesToEachHeadOnTheNetwork(int limit, int headerSize, bool accepted)
    {
        var value = new string('v', headerSize);
        await using var server = await LoopbackServer.StartAsync(app => app.Run(ctx =>
        {
            ctx.Response.Headers["X-Large"] = value;
            return ctx.Response.WriteAsync("ok");
        }));
        using var client = new Client(new ClientOptions { MaxResponseHeadersLength = limit });

        if (accepted)
        {
            (await client.GetAsync(server.At("/"))).Text.ShouldBe("ok");
        }
        else
        {
            var ex = await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync(server.At("/")));
            ex.InnerException.ShouldBeOfType<HttpRequestException>().HttpRequestError.ShouldBe(HttpRequestError.ConfigurationLimitExceeded);
        }
    }
}
