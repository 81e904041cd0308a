using Courier.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Courier.TestHostTests.Transport;

/// <summary>What the transport keeps of recent request URLs (their path, host and query as the app's request gets them).</summary>
public sealed class UrlPartsTests
{
    [Test]
    public async Task SameUrl_IsTakenApartOnce_TheAppGetsTheSamePath()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        var paths = new List<string?>();
        app.MapGet("/items/{id}", (HttpContext ctx) =>
        {
            lock (paths)
            {
                paths.Add(ctx.Request.Path.Value);
            }

            return Results.Text("ok");
        });
        await app.StartAsync();
        using var transport = new TestServerTransport(app, new TestServerTransportOptions { RootPath = "/api" });
        await using var client = new Client(new ClientOptions { Transport = transport, BaseUrl = new Uri("http://localhost/") });

        await client.GetAsync("/api/items/7");
        await client.GetAsync("/api/items/7");
        await client.GetAsync("/api/items/8");

        // The client hands the transport the same Uri for the same URL; its parts are not worked out (or allocated) again.
        paths[0].ShouldBe("/items/7");
        paths[1].ShouldBeSameAs(paths[0]);
        paths[2].ShouldBe("/items/8");
    }
}
