using Courier.Mocking;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Courier.ClientTests.Smoke;

public class SmokeTests
{
    [Test]
    public async Task Get_OverMockTransport_ReturnsBody()
    {
        using var client = new Client(new ClientOptions
        {
            BaseUrl = new Uri("https://api.test/v1"),
            Transport = new MockTransport(r => new Response(200, Body.Json(new { path = r.Url.AbsolutePath, q = r.Url.Query }))),
        });

        var response = await client.GetAsync("/users", new() { Params = new() { ["a"] = "1" } });

        response.StatusCode.ShouldBe(200);
        response.Text.ShouldBe("{\"path\":\"/v1/users\",\"q\":\"?a=1\"}");
        response.HttpVersion.ShouldBe("HTTP/1.1");
        response.Elapsed.ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [Test]
    public async Task Get_OverKestrel_ReadsBodyAndStreams()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/hello", () => "hi");
            app.MapGet("/lines", async (HttpContext ctx) =>
            {
                await ctx.Response.WriteAsync("a\nb\r");
                await ctx.Response.Body.FlushAsync();
                await ctx.Response.WriteAsync("\nc");
            });
        });
        using var client = new Client(new ClientOptions { BaseUrl = server.Url });

        var response = client.Get("/hello");
        response.Text.ShouldBe("hi");

        await using var streamed = await client.StreamAsync("GET", "/lines");
        var lines = new List<string>();
        await foreach (var line in streamed.ReadLinesAsync())
        {
            lines.Add(line);
        }

        lines.ShouldBe(["a", "b", "c"]);
    }
}
